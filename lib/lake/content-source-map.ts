/**
 * Content Source Maps (`resultSourceMap=withKeyArraySelector` on a query), which @sanity/client
 * needs to stega-encode a result for Presentation's click-to-edit overlays. The hosted Content
 * Lake traces every value through GROQ; groq-js cannot, so the lake maps each string in the result
 * back to the nearest enclosing document (the closest object with an `_id`, as every projection
 * of ours keeps) and to the path in that document holding the same string: the path the result
 * names if it holds it, else the stored string whose path ends most like the result's. Strings
 * with no such source (computed, or outside any document) get no mapping, so they stay unencoded.
 * Only strings are mapped: @sanity/client encodes nothing else.
 */

import type { ContentSourceMap, ContentSourceMapDocuments } from '@sanity/client'
import { jsonPath, type ContentSourceMapParsedPath } from '@sanity/client/csm'

type Segment = ContentSourceMapParsedPath[number]
type Json = unknown

interface Leaf {
  /** Where the string is in the result (array items with a `_key` named by it). */
  resultPath: ContentSourceMapParsedPath
  /** The enclosing document's `_id` and the string's path relative to it. */
  documentId: string
  relativePath: ContentSourceMapParsedPath
  value: string
}

function isRecord(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Every string in `value` with the nearest enclosing object that has an `_id`. */
function collectLeaves(value: Json, path: ContentSourceMapParsedPath, owner: { id: string; depth: number } | null, out: Leaf[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      const key = isRecord(item) && typeof item._key === 'string' ? item._key : null
      collectLeaves(item, [...path, key === null ? index : { _key: key, _index: index }], owner, out)
    })
    return
  }
  if (isRecord(value)) {
    const here = typeof value._id === 'string' ? { id: value._id, depth: path.length } : owner
    for (const [key, child] of Object.entries(value)) collectLeaves(child, [...path, key], here, out)
    return
  }
  if (typeof value === 'string' && owner) {
    out.push({ resultPath: path, documentId: owner.id, relativePath: path.slice(owner.depth), value })
  }
}

/** Every string in a stored document, with its path (keyed where the array item has a `_key`). */
function documentStrings(value: Json, path: ContentSourceMapParsedPath, out: { path: ContentSourceMapParsedPath; value: string }[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      const key = isRecord(item) && typeof item._key === 'string' ? item._key : null
      documentStrings(item, [...path, key === null ? index : { _key: key, _index: index }], out)
    })
  } else if (isRecord(value)) {
    for (const [key, child] of Object.entries(value)) documentStrings(child, [...path, key], out)
  } else if (typeof value === 'string') {
    out.push({ path, value })
  }
}

function sameSegment(a: Segment, b: Segment): boolean {
  if (typeof a === 'object' && typeof b === 'object') return a._key === b._key
  return a === b
}

/** How many trailing segments two paths share. */
function commonSuffix(a: ContentSourceMapParsedPath, b: ContentSourceMapParsedPath): number {
  let n = 0
  while (n < a.length && n < b.length && sameSegment(a[a.length - 1 - n], b[b.length - 1 - n])) n++
  return n
}

function isSystemPath(path: ContentSourceMapParsedPath): boolean {
  const last = path.at(-1)
  return typeof last === 'string' && last.startsWith('_')
}

/** The path in `doc` the leaf came from, or null when no string there equals it. */
function sourcePathOf(leaf: Leaf, strings: { path: ContentSourceMapParsedPath; value: string }[]): ContentSourceMapParsedPath | null {
  let best: { path: ContentSourceMapParsedPath; score: number } | null = null
  for (const candidate of strings) {
    if (candidate.value !== leaf.value || isSystemPath(candidate.path)) continue
    const exact = candidate.path.length === leaf.relativePath.length && commonSuffix(candidate.path, leaf.relativePath) === candidate.path.length
    const score = exact ? Number.MAX_SAFE_INTEGER : commonSuffix(candidate.path, leaf.relativePath)
    if (!best || score > best.score) best = { path: candidate.path, score }
  }
  return best?.path ?? null
}

/**
 * The source map for `result`. `loadDocuments` returns the documents with the given ids as the
 * query's perspective sees them (a draft in the `drafts` perspective).
 */
export async function buildContentSourceMap(
  result: Json,
  loadDocuments: (ids: string[]) => Promise<Record<string, Json>[]>,
): Promise<ContentSourceMap> {
  const leaves: Leaf[] = []
  collectLeaves(result, [], null, leaves)
  const ids = [...new Set(leaves.filter((leaf) => !isSystemPath(leaf.relativePath)).map((leaf) => leaf.documentId))]
  const loaded = ids.length > 0 ? await loadDocuments(ids) : []
  const byId = new Map(loaded.filter((doc) => typeof doc._id === 'string').map((doc) => [doc._id as string, doc]))

  const documents: ContentSourceMapDocuments = []
  const documentIndex = new Map<string, number>()
  const paths: string[] = []
  const pathIndex = new Map<string, number>()
  const strings = new Map<string, { path: ContentSourceMapParsedPath; value: string }[]>()
  const mappings: ContentSourceMap['mappings'] = {}

  for (const leaf of leaves) {
    if (isSystemPath(leaf.relativePath)) continue
    const doc = byId.get(leaf.documentId)
    if (!doc || typeof doc._type !== 'string') continue
    let docStrings = strings.get(leaf.documentId)
    if (!docStrings) {
      docStrings = []
      documentStrings(doc, [], docStrings)
      strings.set(leaf.documentId, docStrings)
    }
    const source = sourcePathOf(leaf, docStrings)
    if (!source) continue
    let docIdx = documentIndex.get(leaf.documentId)
    if (docIdx === undefined) {
      docIdx = documents.length
      const storedId = typeof doc._originalId === 'string' ? doc._originalId : leaf.documentId
      documents.push({ _id: storedId, _type: doc._type })
      documentIndex.set(leaf.documentId, docIdx)
    }
    const sourceJsonPath = jsonPath(source)
    let pathIdx = pathIndex.get(sourceJsonPath)
    if (pathIdx === undefined) {
      pathIdx = paths.length
      paths.push(sourceJsonPath)
      pathIndex.set(sourceJsonPath, pathIdx)
    }
    mappings[jsonPath(leaf.resultPath.map((segment) => (typeof segment === 'object' ? segment._index : segment)))] = {
      type: 'value',
      source: { type: 'documentValue', document: docIdx, path: pathIdx },
    }
  }
  return { documents, paths, mappings }
}
