/**
 * Index lookups (`index-lookups.ts`) as SQL conditions on the stored rows of `documents`, so one
 * statement selects the candidates of a `*` (ids only, no bodies) and SQLite picks the index.
 * Also the condition for "visible in this view" that exact counts and offsets need.
 */

import { ASSET_TYPES } from './asset-refs'
import type { IndexLookup } from './index-lookups'
import { ORDER_KEY_COLUMNS } from './order-keys'
import { viewIdOf, sourceIdsFor, type ResolvedView } from './perspective'
import { referenceAtPathCondition, referencesCondition } from './reference-index'
import { MATCH_NOTHING, type SqlCondition } from './search/search-index'
import type { LakeDatabase } from './sqlite'

export type { SqlCondition } from './search/search-index'

function listCondition(column: string, values: readonly string[]): SqlCondition {
  if (values.length === 0) return MATCH_NOTHING
  if (values.length === 1) return { sql: `${column} = ?`, params: [values[0]] }
  return { sql: `${column} IN (SELECT value FROM json_each(?))`, params: [JSON.stringify([...new Set(values)])] }
}

/** The stored rows one lookup selects (all layers of the view's ids for `_id` lookups). */
export function lookupCondition(db: LakeDatabase, lookup: IndexLookup, view: ResolvedView): SqlCondition {
  switch (lookup.field) {
    case 'id':
      return listCondition('id', lookup.values.flatMap((id) => sourceIdsFor(id, view)))
    case 'type':
      return listCondition('type', lookup.values)
    case 'slug':
      return listCondition('slug_current', lookup.values)
    case 'ref':
      return referenceAtPathCondition(lookup.path, lookup.values)
    case 'refSlug': {
      const targets = referenceTargets(db, lookup, view)
      return targets.length === 0 ? MATCH_NOTHING : referenceAtPathCondition(lookup.path, targets)
    }
    case 'references':
      return referencesCondition(lookup.values)
    case 'text':
      return db.search.condition(lookup.lookup)
    case 'keyRange': {
      const stem = ORDER_KEY_COLUMNS[lookup.key]
      const parts: SqlCondition[] = [{ sql: `${stem}_r = ?`, params: [lookup.rank] }]
      if (lookup.lower) parts.push({ sql: `${stem}_v ${lookup.lower.inclusive ? '>=' : '>'} ?`, params: [lookup.lower.value] })
      if (lookup.upper) parts.push({ sql: `${stem}_v ${lookup.upper.inclusive ? '<=' : '<'} ?`, params: [lookup.upper.value] })
      return allConditions(parts)
    }
    case 'slugDefined':
      // A string slug is in its column; any other non-null `slug.current` only in the JSON (read
      // only for rows without a string slug).
      return { sql: "(slug_current IS NOT NULL OR json_extract(body, '$.slug.current') IS NOT NULL)", params: [] }
    case 'none':
      return MATCH_NOTHING
  }
}

/**
 * The ids a `x._ref` or `x->slug.current` lookup points at: its values, or (`->` reads the view
 * document with that id) the view ids of the rows with the slug.
 */
export function referenceTargets(db: LakeDatabase, lookup: Extract<IndexLookup, { field: 'ref' | 'refSlug' }>, view: ResolvedView): string[] {
  if (lookup.field === 'ref') return lookup.values
  const targets = new Set<string>()
  for (const id of db.idsBySlug(lookup.values)) {
    const viewId = viewIdOf(id, view)
    if (viewId !== null) targets.add(viewId)
  }
  return [...targets]
}

/** OR of the lookups' conditions. */
export function unionCondition(db: LakeDatabase, lookups: readonly IndexLookup[], view: ResolvedView): SqlCondition {
  const parts = lookups.map((lookup) => lookupCondition(db, lookup, view)).filter((part) => part !== MATCH_NOTHING)
  if (parts.length === 0) return MATCH_NOTHING
  if (parts.length === 1) return parts[0]
  return { sql: parts.map((part) => `(${part.sql})`).join(' OR '), params: parts.flatMap((part) => part.params) }
}

/** AND of conditions. */
export function allConditions(parts: readonly SqlCondition[]): SqlCondition {
  if (parts.some((part) => part === MATCH_NOTHING)) return MATCH_NOTHING
  if (parts.length === 0) return { sql: '1', params: [] }
  return { sql: parts.map((part) => `(${part.sql})`).join(' AND '), params: parts.flatMap((part) => part.params) }
}

/** Whether every view document is exactly one stored row under its own id (no overlay layers). */
export function isFlatView(view: ResolvedView): boolean {
  if (view.spec.kind === 'raw') return true
  return !view.authenticated || view.spec.layers.length === 1
}

/**
 * Stored rows that are documents of a flat view (`isFlatView`): private ids only for authenticated
 * raw reads, and assets only when the view shows them (referenced by a published document).
 */
export function flatViewCondition(view: ResolvedView): SqlCondition {
  const parts: SqlCondition[] = []
  if (!(view.spec.kind === 'raw' && view.authenticated)) parts.push({ sql: "instr(id, '.') = 0", params: [] })
  if (view.hideUnreferencedAssets) {
    parts.push({
      sql: 'type NOT IN (SELECT value FROM json_each(?)) OR id IN (SELECT asset_id FROM asset_refs)',
      params: [JSON.stringify([...ASSET_TYPES])],
    })
  }
  return allConditions(parts)
}
