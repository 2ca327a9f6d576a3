/**
 * Reads documents out of SQLite as a perspective sees them: the full view, the candidates of an
 * index plan, single documents by view id, and a dereferencer for `->`. Every read ends in
 * `visibleDocuments`, which applies the perspective and the embargo on unreferenced assets.
 */

import type { DereferenceFunction } from 'groq-js'
import { isAssetType, type PublicAssetsPolicy } from './asset-refs'
import { isPrivateId } from './ids'
import type { IndexLookup } from './index-lookups'
import { unionCondition } from './lookup-conditions'
import { applyView, sourceIdsFor, viewIdOf, type ResolvedView } from './perspective'
import type { DocumentRow, LakeDatabase } from './sqlite'
import type { LakeDocument } from './types'

/** Parsed through the database's document cache: shared, deeply frozen objects (never mutate). */
function parseRows(db: LakeDatabase, rows: readonly DocumentRow[]): LakeDocument[] {
  return rows.map((row) => db.parseRow(row))
}

/**
 * The perspective applied to stored documents, minus the assets an anonymous reader may not see
 * yet (no published document references them).
 */
function visibleDocuments(db: LakeDatabase, stored: readonly LakeDocument[], view: ResolvedView): LakeDocument[] {
  const docs = applyView(stored, view)
  if (!view.hideUnreferencedAssets) return docs
  return docs.filter((doc) => !isAssetType(doc._type) || db.isAssetReferenced(doc._id))
}

/**
 * Whether an anonymous reader may see this stored document under `policy` (for listeners, which
 * see documents one change at a time): private ids never, assets only once a published document
 * references them.
 */
export function visibleToAnonymous(db: LakeDatabase, doc: LakeDocument, policy: PublicAssetsPolicy = 'referenced'): boolean {
  if (isPrivateId(doc._id)) return false
  if (policy === 'all' || !isAssetType(doc._type)) return true
  return db.isAssetReferenced(doc._id)
}

/** Every document of the view, in dataset order (by view id). */
export function readFullView(db: LakeDatabase, view: ResolvedView): LakeDocument[] {
  return visibleDocuments(db, parseRows(db, db.allRows()), view)
}

/** Loads all layers of the given view ids and applies the view. */
export function readViewDocuments(db: LakeDatabase, viewIds: Iterable<string>, view: ResolvedView): LakeDocument[] {
  const storedIds: string[] = []
  for (const viewId of viewIds) storedIds.push(...sourceIdsFor(viewId, view))
  return visibleDocuments(db, parseRows(db, db.getRows(storedIds)), view)
}

/**
 * A superset of the view documents the lookups can match: stored documents found through the
 * indexes are mapped to their view ids, and every layer of those ids is loaded before the view
 * is applied (a draft of another type still replaces its published document).
 */
export function readCandidates(db: LakeDatabase, lookups: readonly IndexLookup[], view: ResolvedView): LakeDocument[] {
  const viewIds = new Set<string>()
  const rowLookups: IndexLookup[] = []
  for (const lookup of lookups) {
    if (lookup.field === 'id') lookup.values.forEach((id) => viewIds.add(id))
    else rowLookups.push(lookup)
  }
  if (rowLookups.length > 0) {
    for (const id of db.queries.ids(unionCondition(db, rowLookups, view))) {
      const viewId = viewIdOf(id, view)
      if (viewId !== null) viewIds.add(viewId)
    }
  }
  return readViewDocuments(db, viewIds, view)
}

/** `->` over an in-memory view (full scan). */
export function dereferenceFromDocuments(docs: readonly LakeDocument[]): DereferenceFunction {
  const byId = new Map<string, LakeDocument>()
  for (const doc of docs) byId.set(doc._id, doc)
  return ({ _ref }) => byId.get(_ref) ?? null
}

/** `->` that loads referenced documents lazily from SQLite, memoised for one query. */
export function dereferenceFromDatabase(db: LakeDatabase, view: ResolvedView, known: readonly LakeDocument[]): DereferenceFunction {
  const memo = new Map<string, LakeDocument | null>()
  for (const doc of known) memo.set(doc._id, doc)
  return ({ _ref }) => {
    if (typeof _ref !== 'string') return null
    const hit = memo.get(_ref)
    if (hit !== undefined) return hit
    const [doc] = readViewDocuments(db, [_ref], view)
    const found = doc && doc._id === _ref ? doc : null
    memo.set(_ref, found)
    return found
  }
}
