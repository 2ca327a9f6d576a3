/**
 * Candidates for an ordered top-N plan (`*[F] | order(key …)[a...b]`).
 *
 * Why the result cannot change: groq-js sorts the matches M of F by (key, further keys, dataset
 * position) and slices. Let K be the key of the last row read so far. If the candidates contain
 * every document of M whose key sorts at or before K, and at least `need` of them, then those
 * documents form a prefix of the full sort, in the same relative order (the candidates keep the
 * dataset order), so the slice is the same. Extra candidates are harmless: they are either not in
 * M or sort after that prefix.
 *
 * To get there, stored rows of F's types are streamed in key order. A document of the view takes
 * its key from the stored row that wins in the perspective, and that row has the document's
 * `_type`, so streaming the rows reaches every member of M at its own key. Each row is mapped to
 * its view id and the view document is loaded with all its layers (a draft may shadow the row
 * with another key: the view document is still exact, it just may sort later). F is evaluated by
 * groq-js on each loaded batch to count matches; once `need` matches sort at or before K, the
 * rows tying with K are read too, and streaming stops.
 */

import type { DereferenceFunction, ExprNode } from 'groq-js'
import { readViewDocuments } from './document-reader'
import type { OrderedPlan } from './index-planner'
import { compareOrderKeys, encodeOrderKey, type EncodedOrderKey } from './order-keys'
import { viewIdOf, type ResolvedView } from './perspective'
import type { LakeDatabase, OrderedRow } from './sqlite'
import type { LakeDocument } from './types'

/** Page sizes of the ordered stream (tests shrink them so every row can become the boundary). */
export const orderedReaderTuning = {
  firstPage: (need: number): number => need + 8,
  maxPage: 4096,
}

/** Evaluates F (the plan's filter subtree) over some view documents and returns the matching ids. */
export type MatchFilter = (filter: ExprNode, docs: LakeDocument[], dereference: DereferenceFunction) => Promise<Set<string>>

export async function readOrderedCandidates(
  db: LakeDatabase,
  plan: OrderedPlan,
  view: ResolvedView,
  dereference: DereferenceFunction,
  matchFilter: MatchFilter,
): Promise<LakeDocument[]> {
  const docs = new Map<string, LakeDocument>()
  if (plan.need <= 0 || plan.types.length === 0) return []
  const sign = plan.direction === 'desc' ? -1 : 1
  /** < 0 when key a sorts before key b in the query's direction. */
  const sortsBefore = (a: EncodedOrderKey, b: EncodedOrderKey) => sign * compareOrderKeys(a, b)
  const matchedKeys: EncodedOrderKey[] = []
  const { firstPage, maxPage } = orderedReaderTuning
  let pageSize = Math.max(1, Math.min(maxPage, firstPage(plan.need)))
  let after: OrderedRow | null = null
  let boundary: EncodedOrderKey | null = null

  for (;;) {
    const page = db.orderedRowsPage(plan.field, plan.types, plan.direction, after, pageSize)
    let done = page.length < pageSize
    const fresh = new Set<string>()
    for (const row of page) {
      if (boundary && compareOrderKeys(row, boundary) !== 0) {
        done = true
        break
      }
      const viewId = viewIdOf(row.id, view)
      if (viewId !== null && !docs.has(viewId)) fresh.add(viewId)
    }
    const loaded = fresh.size > 0 ? readViewDocuments(db, fresh, view) : []
    for (const doc of loaded) docs.set(doc._id, doc)
    if (done || page.length === 0) break
    after = page[page.length - 1]
    if (!boundary) {
      if (loaded.length > 0) {
        const matched = await matchFilter(plan.filter, loaded, dereference)
        for (const doc of loaded) if (matched.has(doc._id)) matchedKeys.push(encodeOrderKey(doc[plan.field]))
      }
      let atOrBefore = 0
      for (const key of matchedKeys) if (sortsBefore(key, after) <= 0) atOrBefore++
      if (atOrBefore >= plan.need) boundary = { rank: after.rank, value: after.value }
    }
    pageSize = Math.max(1, Math.min(maxPage, pageSize * 2))
  }
  return [...docs.values()].sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0))
}
