/**
 * Candidates for a streamed plan (`stream-plan.ts`): `*[F] | order(key …)[a...b]` in order-key
 * order, `*[F][a...b]` in dataset order.
 *
 * Why the result cannot change (ordered): groq-js sorts the matches M of F by (key, further keys,
 * dataset position) and slices. Let K be the key of the last row read so far. If the candidates
 * contain every document of M whose key sorts at or before K, and at least `need` of them, then
 * those documents form a prefix of the full sort, in the same relative order (the candidates keep
 * the dataset order), so the slice is the same. Extra candidates are harmless: they are either not
 * in M or sort after that prefix. Dataset order is the same argument with the view id as the key
 * (no ties), which holds only in views without overlays, where view ids are stored ids.
 *
 * To get there, stored rows of F's types (and satisfying F's other indexed conditions, which hold
 * for the row that wins in the view) are streamed in key order. A document of the view takes its
 * key from the stored row that wins in the perspective, and that row has the document's `_type`,
 * so streaming the rows reaches every member of M at its own key. Each row is mapped to its view
 * id and the view document is loaded with all its layers (a draft may shadow the row with another
 * key: the view document is still exact, it just may sort later). F is evaluated by groq-js on
 * each loaded batch to count matches; once `need` matches sort at or before K, the rows tying with
 * K are read too, and streaming stops.
 *
 * Skipping an offset: when the conditions are exactly F and the view has no overlays, the scanned
 * rows are exactly M. The rows sorting strictly before the key at position `a` are then the first
 * `skipped` elements of the full sort, so they need not be read: the scan starts at that key and
 * the query's slice is shifted down by `skipped` (see `query.ts`). When the only condition besides
 * `_type` is a reference (`section._ref == $s`, `section->slug.current == $slug`) and the key is
 * `publishedAt`, the key and the count come from the reference index, whose rows for one target
 * are in that order (`reference-index.ts`).
 */

import type { DereferenceFunction, ExprNode } from 'groq-js'
import { readViewDocuments } from './document-reader'
import { isAssetType } from './asset-refs'
import { allConditions, flatViewCondition, isFlatView, lookupCondition, referenceTargets, unionCondition, type SqlCondition } from './lookup-conditions'
import { compareOrderKeys, encodeOrderKey, type EncodedOrderKey } from './order-keys'
import { viewIdOf, type ResolvedView } from './perspective'
import type { LakeDatabase } from './sqlite'
import type { OrderedRow, OrderedScan, OrderKey, ReferenceScan } from './sqlite-queries'
import type { DatasetOrderPlan, OrderedPlan, StreamPlan } from './stream-plan'
import type { LakeDocument } from './types'

/** Page sizes of the stream (tests shrink them so every row can become the boundary). */
export const orderedReaderTuning = {
  firstPage: (need: number): number => need + 8,
  maxPage: 4096,
  /** Offsets below this are read rather than skipped (skipping costs two counting statements). */
  minSkip: 64,
}

/** Evaluates F (the plan's filter subtree) over some view documents and returns the matching ids. */
export type MatchFilter = (filter: ExprNode, docs: LakeDocument[], dereference: DereferenceFunction) => Promise<Set<string>>

export interface StreamedCandidates {
  docs: LakeDocument[]
  /** Leading matches not read (the query's slice must be shifted down by this much). */
  skipped: number
}

/** The rows a plan scans: its conditions, and the view's visibility when that is exact. */
export function scanCondition(db: LakeDatabase, plan: StreamPlan, view: ResolvedView): SqlCondition {
  const parts = plan.restrictions.map((lookups) => unionCondition(db, lookups, view))
  if (plan.kind === 'ordered') parts.unshift(lookupCondition(db, { field: 'type', values: plan.types }, view))
  if (isFlatView(view)) parts.push(flatViewCondition(view))
  return allConditions(parts)
}

/** Whether the scanned rows are exactly F's matches in this view. */
export function isExactScan(plan: StreamPlan, view: ResolvedView): boolean {
  return plan.exact && isFlatView(view)
}

export async function readStreamedCandidates(
  db: LakeDatabase,
  plan: StreamPlan,
  view: ResolvedView,
  dereference: DereferenceFunction,
  matchFilter: MatchFilter,
): Promise<StreamedCandidates> {
  if (plan.need <= 0) return { docs: [], skipped: 0 }
  if (plan.kind === 'datasetOrder') return { docs: await readInDatasetOrder(db, plan, view, dereference, matchFilter), skipped: 0 }
  return readInKeyOrder(db, plan, view, dereference, matchFilter)
}

async function readInKeyOrder(
  db: LakeDatabase,
  plan: OrderedPlan,
  view: ResolvedView,
  dereference: DereferenceFunction,
  matchFilter: MatchFilter,
): Promise<StreamedCandidates> {
  const scan: OrderedScan = { field: plan.field, direction: plan.direction, where: scanCondition(db, plan, view) }
  const byReference = referenceScanOf(db, plan, view)
  let skipped = 0
  let from: OrderKey | undefined
  if (isExactScan(plan, view) && plan.offset >= orderedReaderTuning.minSkip) {
    const start = byReference ? db.queries.referenceKeyAt(byReference, plan.offset) : db.queries.keyAt(scan, plan.offset)
    if (!start) return { docs: [], skipped: 0 } // fewer matches than the offset: the slice is empty
    skipped = byReference ? db.queries.referenceCountBefore(byReference, start) : db.queries.countBefore(scan, start)
    from = start
  }
  const pageAfter = (after: OrderedRow | null, limit: number) =>
    byReference ? db.queries.referencePage(byReference, after, limit, from) : db.queries.orderedPage(scan, after, limit, from)
  const need = plan.need - skipped
  const docs = new Map<string, LakeDocument>()
  const sign = plan.direction === 'desc' ? -1 : 1
  const sortsBefore = (a: EncodedOrderKey, b: EncodedOrderKey) => sign * compareOrderKeys(a, b)
  const matchedKeys: EncodedOrderKey[] = []
  const { firstPage, maxPage } = orderedReaderTuning
  let pageSize = Math.max(1, Math.min(maxPage, firstPage(need)))
  let after: OrderedRow | null = null
  let boundary: EncodedOrderKey | null = null

  for (;;) {
    const page = pageAfter(after, pageSize)
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
      if (atOrBefore >= need) boundary = { rank: after.rank, value: after.value }
    }
    pageSize = Math.max(1, Math.min(maxPage, pageSize * 2))
  }
  return { docs: sortByViewId([...docs.values()]), skipped }
}

/**
 * `*[_type in T && x._ref == $s] | order(publishedAt …)` (or `x->slug.current`) in a view without
 * overlays: its rows, in order, are one range of the reference index per target.
 */
function referenceScanOf(db: LakeDatabase, plan: OrderedPlan, view: ResolvedView): ReferenceScan | null {
  if (!isFlatView(view) || plan.field !== 'publishedAt' || plan.restrictions.length !== 1 || plan.restrictions[0].length !== 1) return null
  const lookup = plan.restrictions[0][0]
  if (lookup.field !== 'ref' && lookup.field !== 'refSlug') return null
  if (view.hideUnreferencedAssets && plan.types.some(isAssetType)) return null
  const publicOnly = !(view.spec.kind === 'raw' && view.authenticated)
  return { targets: referenceTargets(db, lookup, view), path: lookup.path, types: plan.types, direction: plan.direction, publicOnly }
}

async function readInDatasetOrder(
  db: LakeDatabase,
  plan: DatasetOrderPlan,
  view: ResolvedView,
  dereference: DereferenceFunction,
  matchFilter: MatchFilter,
): Promise<LakeDocument[]> {
  const where = scanCondition(db, plan, view)
  const docs: LakeDocument[] = []
  const { firstPage, maxPage } = orderedReaderTuning
  let pageSize = Math.max(1, Math.min(maxPage, firstPage(plan.need)))
  let after: string | null = null
  let matches = 0
  for (;;) {
    const ids = db.queries.idsInOrder(where, after, pageSize)
    const loaded = ids.length > 0 ? readViewDocuments(db, ids, view) : []
    docs.push(...loaded)
    if (ids.length < pageSize) break
    after = ids[ids.length - 1]
    if (loaded.length > 0) matches += (await matchFilter(plan.filter, loaded, dereference)).size
    if (matches >= plan.need) break
    pageSize = Math.max(1, Math.min(maxPage, pageSize * 2))
  }
  return docs
}

function sortByViewId(docs: LakeDocument[]): LakeDocument[] {
  return docs.sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0))
}
