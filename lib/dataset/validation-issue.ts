/** One problem found in a dataset file, as reported to editors: `article-x: body[3].children[0].text: Required`. */
export interface ValidationIssue {
  level: 'error' | 'warning' | 'info'
  /** 1-based line of the NDJSON file, when known. */
  line?: number
  /** `_id` of the document, when it has one. */
  documentId?: string
  /** Field path like `body[3].children[0].text`; empty for the whole document. */
  path: string
  message: string
  /** Which check found it: Sanity's schema rules, the site's zod models, or the dataset checks. */
  source: 'schema' | 'model' | 'dataset'
}

function isKeySegment(segment: unknown): segment is { _key: string } {
  return typeof segment === 'object' && segment !== null && !Array.isArray(segment) && '_key' in segment
}

/**
 * Formats a path the way people read it: `body[3].children[0].text`.
 * `{_key}` segments are turned into indexes by looking the key up in `root` (kept as `[_key=="…"]` if absent).
 */
export function formatPath(path: readonly unknown[], root?: unknown): string {
  let out = ''
  let current: unknown = root
  for (const segment of path) {
    if (typeof segment === 'number') {
      out += `[${segment}]`
      current = Array.isArray(current) ? current[segment] : undefined
    } else if (isKeySegment(segment)) {
      const index = Array.isArray(current) ? current.findIndex((item) => isKeySegment(item) && item._key === segment._key) : -1
      out += index >= 0 ? `[${index}]` : `[_key=="${segment._key}"]`
      current = index >= 0 ? (current as unknown[])[index] : undefined
    } else if (Array.isArray(segment)) {
      out += `[${segment[0]}:${segment[1]}]`
      current = undefined
    } else {
      const name = String(segment)
      out += out === '' ? name : `.${name}`
      current = current && typeof current === 'object' ? (current as Record<string, unknown>)[name] : undefined
    }
  }
  return out
}

/** `article-x: body[3].children[0].text: Required` (with line and level when useful). */
export function formatIssue(issue: ValidationIssue): string {
  const who = issue.documentId ?? (issue.line !== undefined ? `line ${issue.line}` : 'dataset')
  const where = issue.path ? `${who}: ${issue.path}` : who
  const line = issue.line !== undefined && issue.documentId ? ` (line ${issue.line})` : ''
  const level = issue.level === 'error' ? '' : `[${issue.level}] `
  return `${level}${where}: ${issue.message}${line}`
}
