/**
 * Problems of a large import, one line per kind rather than one per document: "1,234 × article
 * headline: Required (e.g. a-1 line 3, a-7 line 9, a-12 line 15)". Every occurrence is counted;
 * a few are kept as examples.
 */

export type ProblemLevel = 'error' | 'warning'

export interface ProblemExample {
  /** The document's id, when it has one. */
  id?: string
  line?: number
  /** What differs between occurrences of the kind (e.g. the missing id a reference names). */
  detail?: string
}

interface Kind {
  level: ProblemLevel
  count: number
  examples: ProblemExample[]
}

const EXAMPLES_PER_KIND = 3

export class ProblemSummary {
  private readonly kinds = new Map<string, Kind>()

  /** Counts `count` occurrences of a kind (default one), keeping the example if there is room. */
  add(level: ProblemLevel, kind: string, example: ProblemExample, count = 1): void {
    const key = `${level}\u0000${kind}`
    let entry = this.kinds.get(key)
    if (!entry) this.kinds.set(key, (entry = { level, count: 0, examples: [] }))
    entry.count += count
    if (entry.examples.length < EXAMPLES_PER_KIND) entry.examples.push(example)
  }

  get errors(): number {
    return this.total('error')
  }

  get warnings(): number {
    return this.total('warning')
  }

  /** One line per kind, errors first, most frequent first. */
  lines(): string[] {
    return [...this.kinds]
      .sort(([, a], [, b]) => (a.level === b.level ? b.count - a.count : a.level === 'error' ? -1 : 1))
      .map(([key, { level, count, examples }]) => {
        const kind = key.slice(key.indexOf('\u0000') + 1)
        const label = level === 'error' ? 'error' : 'warning'
        return `${label}: ${count.toLocaleString('en-US')} × ${kind} (e.g. ${examples.map(formatExample).join('; ')}${count > examples.length ? '; …' : ''})`
      })
  }

  private total(level: ProblemLevel): number {
    let sum = 0
    for (const kind of this.kinds.values()) if (kind.level === level) sum += kind.count
    return sum
  }
}

function formatExample({ id, line, detail }: ProblemExample): string {
  const where = [id, line !== undefined ? `line ${line}` : ''].filter(Boolean).join(' ')
  return detail ? `${where}: ${detail}` : where
}
