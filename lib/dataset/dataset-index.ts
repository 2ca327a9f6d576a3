import { readNdjsonDocuments } from './ndjson'
import type { ProgressReporter } from './progress'
import type { SlugLookup } from './studio-schema'
import type { ValidationIssue } from './validation-issue'

/** Published id of a draft (`drafts.x`) or version (`versions.<release>.x`) id. */
export function publishedIdOf(id: string): string {
  if (id.startsWith('drafts.')) return id.slice('drafts.'.length)
  if (id.startsWith('versions.')) return id.split('.').slice(2).join('.')
  return id
}

function valueAtPath(document: Record<string, unknown>, dottedPath: string): unknown {
  let current: unknown = document
  for (const name of dottedPath.split('.')) {
    if (!current || typeof current !== 'object' || Array.isArray(current)) return undefined
    current = (current as Record<string, unknown>)[name]
  }
  return current
}

/**
 * What the second pass needs to know about the whole file, gathered in a first streaming pass:
 * ids (with type and line), slugs per type, counts — never the documents themselves.
 */
export class DatasetIndex implements SlugLookup {
  readonly documents = new Map<string, { type: string; line: number }>()
  readonly countsByType = new Map<string, number>()
  readonly issues: ValidationIssue[] = []
  /** `type \0 path \0 slug` → published ids using it. */
  private readonly slugs = new Map<string, Set<string>>()
  lines = 0

  constructor(private readonly slugPathsOf: (type: string) => string[]) {}

  /** Reads the file once and indexes it. */
  static async build(file: string, slugPathsOf: (type: string) => string[], progress?: ProgressReporter): Promise<DatasetIndex> {
    const index = new DatasetIndex(slugPathsOf)
    for await (const parsed of readNdjsonDocuments(file)) {
      index.lines += 1
      if (parsed.ok) index.add(parsed.value, parsed.lineNumber)
      else index.issues.push({ level: 'error', line: parsed.lineNumber, path: '', message: parsed.error, source: 'dataset' })
      progress?.tick(index.lines)
    }
    return index
  }

  add(document: Record<string, unknown>, line: number): void {
    const id = document._id
    const type = document._type
    if (typeof id !== 'string' || id === '') {
      this.issues.push({ level: 'error', line, path: '_id', message: 'Every document needs an _id', source: 'dataset' })
      return
    }
    if (typeof type !== 'string' || type === '') {
      this.issues.push({ level: 'error', line, documentId: id, path: '_type', message: 'Every document needs a _type', source: 'dataset' })
      return
    }
    const earlier = this.documents.get(id)
    if (earlier) {
      this.issues.push({
        level: 'error',
        line,
        documentId: id,
        path: '_id',
        message: `Duplicate _id: also on line ${earlier.line}`,
        source: 'dataset',
      })
      return
    }
    this.documents.set(id, { type, line })
    this.countsByType.set(type, (this.countsByType.get(type) ?? 0) + 1)
    for (const slugPath of this.slugPathsOf(type)) {
      const slug = valueAtPath(document, slugPath)
      if (typeof slug !== 'string' || slug === '') continue
      const key = `${type}\u0000${slugPath}\u0000${slug}`
      const users = this.slugs.get(key) ?? new Set<string>()
      users.add(publishedIdOf(id))
      this.slugs.set(key, users)
    }
  }

  has(id: string): boolean {
    return this.documents.has(id)
  }

  isSlugTaken(documentType: string, slugPath: string, slug: string, publishedId: string): boolean {
    const users = this.slugs.get(`${documentType}\u0000${slugPath}\u0000${slug}`)
    if (!users) return false
    for (const user of users) if (user !== publishedId) return true
    return false
  }
}
