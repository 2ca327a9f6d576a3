/**
 * The reference index: every `_ref` string of every stored document, with the path of the object
 * holding it (`section`, `related[]`, `attribution.agencies[]`) and whether groq-js'
 * `references()` sees it. `references()` (groq-js `hasReference`) walks the document and stops at
 * the first object whose `_ref` is truthy, so references inside such an object are recorded with
 * `reachable = 0`: `references($id)` is exactly the `reachable = 1` rows, and `x._ref == $id` is
 * exactly the rows at path `x`. Kept in the same transaction as the document.
 *
 * Each row also carries its document's `_type` and `publishedAt` order key (`order-keys.ts`),
 * indexed after the target and path: the stories of one type in a section, in date order, are then
 * one index range, so a section page far down the archive finds its first key by counting index entries
 * (`ordered-reader.ts`) instead of every story of the type.
 */

import type Database from 'better-sqlite3'
import { encodeOrderKey } from './order-keys'
import type { SqlCondition } from './search/search-index'

export const REFERENCE_SCHEMA = `
CREATE TABLE IF NOT EXISTS document_refs (
  target_id TEXT NOT NULL,
  path TEXT NOT NULL,
  source_id TEXT NOT NULL,
  reachable INTEGER NOT NULL,
  source_type TEXT NOT NULL,
  published_r INTEGER NOT NULL,
  published_v NOT NULL,
  PRIMARY KEY (target_id, path, source_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS document_refs_by_source ON document_refs(source_id);
CREATE INDEX IF NOT EXISTS document_refs_by_published ON document_refs(target_id, path, source_type, published_r, published_v, source_id);
`

export interface RecordedRef {
  path: string
  target: string
  reachable: boolean
}

/** Every `_ref` string of a document (iterative walk: no depth limit). */
export function referencesOf(doc: unknown): RecordedRef[] {
  const out: RecordedRef[] = []
  const stack: { value: unknown; path: string; reachable: boolean }[] = [{ value: doc, path: '', reachable: true }]
  while (stack.length > 0) {
    const { value, path, reachable } = stack.pop() as { value: unknown; path: string; reachable: boolean }
    if (typeof value !== 'object' || value === null) continue
    if (Array.isArray(value)) {
      for (const item of value) stack.push({ value: item, path: `${path}[]`, reachable })
      continue
    }
    const ref = (value as { _ref?: unknown })._ref
    if (typeof ref === 'string' && ref !== '') out.push({ path, target: ref, reachable })
    const below = reachable && !ref // groq-js' hasReference does not look inside an object with a truthy `_ref`
    for (const [name, child] of Object.entries(value)) {
      if (typeof child === 'object' && child !== null) stack.push({ value: child, path: path === '' ? name : `${path}.${name}`, reachable: below })
    }
  }
  return out
}

export class ReferenceIndex {
  private readonly stmts

  constructor(db: Database.Database) {
    this.stmts = {
      insert: db.prepare<[string, string, string, number, string, number, unknown]>(
        'INSERT INTO document_refs (target_id, path, source_id, reachable, source_type, published_r, published_v) VALUES (?, ?, ?, ?, ?, ?, ?) ' +
          'ON CONFLICT DO UPDATE SET reachable = max(reachable, excluded.reachable)',
      ),
      remove: db.prepare<[string]>('DELETE FROM document_refs WHERE source_id = ?'),
    }
  }

  /** Indexes (or re-indexes) a document's references (`refs`: computed ahead, see `index-rows-ahead.ts`). */
  write(id: string, doc: unknown, refs: RecordedRef[] = referencesOf(doc)): void {
    this.stmts.remove.run(id)
    if (refs.length === 0) return
    const { _type: type, publishedAt } = doc as { _type?: unknown; publishedAt?: unknown }
    const key = encodeOrderKey(publishedAt)
    for (const ref of refs) this.stmts.insert.run(ref.target, ref.path, id, ref.reachable ? 1 : 0, String(type), key.rank, key.value)
  }

  remove(id: string): void {
    this.stmts.remove.run(id)
  }
}

/** Stored documents holding a reference to one of `targets` at `path` (`path._ref == target`). */
export function referenceAtPathCondition(path: string, targets: readonly string[]): SqlCondition {
  return {
    sql: 'id IN (SELECT source_id FROM document_refs WHERE target_id IN (SELECT value FROM json_each(?)) AND path = ?)',
    params: [JSON.stringify(targets), path],
  }
}

/** Stored documents for which groq-js' `references(targets)` is true. */
export function referencesCondition(targets: readonly string[]): SqlCondition {
  return {
    sql: 'id IN (SELECT source_id FROM document_refs WHERE target_id IN (SELECT value FROM json_each(?)) AND reachable = 1)',
    params: [JSON.stringify(targets)],
  }
}
