/**
 * Which texts of a document the search index holds, under which key.
 *
 * Every string of the document is indexed under its path with array levels as `[]`
 * (`headline`, `tags[]`, `body[].children[].text`), unless a segment of the path starts with `_`
 * (`_id`, `_type`, `_key`, `_ref`…: identifiers, not text). For every object or array reached
 * without passing through an array (`body`, `figure.caption`), groq-js' `pt::text()` of it (the
 * text of its blocks' spans) is indexed under `pt::text(<path>)`. Both `P[].children[].text` and
 * `pt::text(P)` share one key (`ptKeyOf`): the span texts of a Portable Text field and its plain
 * text differ only where a word crosses two spans, so one key holding both serves either query,
 * and the index holds a body's words once.
 *
 * The rule is decidable from a path alone (`isIndexedPath`), so a query on a path the rule leaves
 * out is never answered from the index, while a query on an indexed path that no document has
 * rightly finds nothing.
 */

/** A `P[].children[].text` path (P without arrays) shares its key with `pt::text(P)`. */
const SPAN_TEXT_PATH = /^([^[\]]+)\[\]\.children\[\]\.text$/

export function ptKeyOf(path: string): string {
  return `pt::text(${path})`
}

/** The key a string path is indexed under. */
export function keyOfStringPath(path: string): string {
  const span = SPAN_TEXT_PATH.exec(path)
  return span ? ptKeyOf(span[1]) : path
}

const indexedPaths = new Map<string, boolean>()

/** Whether strings at this path are indexed (no segment starts with `_`). */
export function isIndexedPath(path: string): boolean {
  let indexed = indexedPaths.get(path)
  if (indexed === undefined) {
    indexed = path !== '' && !path.split('.').some((segment) => segment.startsWith('_'))
    if (indexedPaths.size > 10_000) indexedPaths.clear() // documents with ever-new field names
    indexedPaths.set(path, indexed)
  }
  return indexed
}

/**
 * True when `pt::text()` of an array can hold no token its span texts (indexed under the same
 * key) do not already hold as often: no block has two children (so no word is joined across
 * spans) and no array is nested. Blocks are joined by blank lines, which separate tokens as the
 * ends of separate strings do. Then the plain text need not be tokenized a second time.
 */
function spanTextsCoverPlainText(value: unknown): boolean {
  if (!Array.isArray(value)) return false
  for (const block of value) {
    if (Array.isArray(block)) return false
    const children = (block as { children?: unknown } | null)?.children
    if (Array.isArray(children) && children.length > 1) return false
  }
  return true
}

/** groq-js' `pt::text()` of a value (src/evaluator/pt.ts), or null. */
export function portableTextOf(value: unknown): string | null {
  if (Array.isArray(value)) {
    const texts: string[] = []
    collectBlockTexts(value, texts)
    return texts.length > 0 ? texts.join('\n\n') : null
  }
  if (typeof value === 'object' && value !== null) return blockTextOf(value as Record<string, unknown>)
  return null
}

function collectBlockTexts(values: unknown[], out: string[]): void {
  for (const value of values) {
    if (Array.isArray(value)) collectBlockTexts(value, out)
    else if (typeof value === 'object' && value !== null) {
      const text = blockTextOf(value as Record<string, unknown>)
      if (text !== null) out.push(text)
    }
  }
}

function blockTextOf(block: Record<string, unknown>): string | null {
  if (typeof block._type !== 'string' || !Array.isArray(block.children)) return null
  let text = ''
  for (const child of block.children) {
    if (child && typeof child === 'object' && (child as { _type?: unknown })._type === 'span') {
      const spanText = (child as { text?: unknown }).text
      if (typeof spanText === 'string') text += spanText
    }
  }
  return text
}

/** Where an indexed text comes from: a string of the document, or `pt::text()` of a value. */
export type TextSource = 'string' | 'pt'

/** Calls `visit(key, text, source)` for every text of the document the index holds. Iterative (no depth limit). */
export function forEachIndexedText(doc: unknown, visit: (key: string, text: string, source: TextSource) => void): void {
  const stack: { value: unknown; path: string; inArray: boolean }[] = [{ value: doc, path: '', inArray: false }]
  while (stack.length > 0) {
    const { value, path, inArray } = stack.pop() as { value: unknown; path: string; inArray: boolean }
    if (typeof value === 'string') {
      if (isIndexedPath(path)) visit(keyOfStringPath(path), value, 'string')
      continue
    }
    if (typeof value !== 'object' || value === null) continue
    if (path !== '' && !inArray && isIndexedPath(path) && !spanTextsCoverPlainText(value)) {
      const text = portableTextOf(value)
      if (text) visit(ptKeyOf(path), text, 'pt')
    }
    if (Array.isArray(value)) {
      for (const item of value) stack.push({ value: item, path: `${path}[]`, inArray: true })
      continue
    }
    for (const [name, child] of Object.entries(value)) {
      if (typeof child === 'string' || (typeof child === 'object' && child !== null)) {
        stack.push({ value: child, path: path === '' ? name : `${path}.${name}`, inArray })
      }
    }
  }
}
