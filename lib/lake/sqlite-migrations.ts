/**
 * Schema additions made after the first lake files were written: each adds its columns or tables
 * and backfills them from the stored documents, once, when an older file is opened.
 */

import type Database from 'better-sqlite3'
import { assetRefsOf } from './asset-refs'
import { ORDER_KEY_COLUMNS, ORDER_KEY_FIELDS, orderKeyColumnsOf } from './order-keys'

/** The order-key columns (`<stem>_r`, `<stem>_v`), their indexes, and a backfill for older files. */
export function migrateOrderKeys(db: Database.Database): void {
  const columns = new Set((db.prepare('PRAGMA table_info(documents)').all() as { name: string }[]).map((c) => c.name))
  const missing = ORDER_KEY_FIELDS.filter((field) => !columns.has(`${ORDER_KEY_COLUMNS[field]}_r`))
  if (missing.length > 0) {
    db.transaction(() => {
      for (const field of missing) {
        const stem = ORDER_KEY_COLUMNS[field]
        db.exec(`ALTER TABLE documents ADD COLUMN ${stem}_r INTEGER NOT NULL DEFAULT 100`)
        db.exec(`ALTER TABLE documents ADD COLUMN ${stem}_v NOT NULL DEFAULT 0`)
      }
      const assignments = missing.flatMap((f) => [`${ORDER_KEY_COLUMNS[f]}_r = @${ORDER_KEY_COLUMNS[f]}_r`, `${ORDER_KEY_COLUMNS[f]}_v = @${ORDER_KEY_COLUMNS[f]}_v`])
      const update = db.prepare(`UPDATE documents SET ${assignments.join(', ')} WHERE id = @id`)
      const rows = db.prepare('SELECT id, body FROM documents').all() as { id: string; body: string }[]
      for (const row of rows) {
        const keys = orderKeyColumnsOf(JSON.parse(row.body) as Record<string, unknown>)
        const params: Record<string, unknown> = { id: row.id }
        for (const f of missing) {
          params[`${ORDER_KEY_COLUMNS[f]}_r`] = keys[`${ORDER_KEY_COLUMNS[f]}_r`]
          params[`${ORDER_KEY_COLUMNS[f]}_v`] = keys[`${ORDER_KEY_COLUMNS[f]}_v`]
        }
        update.run(params)
      }
    }).immediate()
  }
  for (const field of ORDER_KEY_FIELDS) {
    const stem = ORDER_KEY_COLUMNS[field]
    db.exec(`CREATE INDEX IF NOT EXISTS documents_by_type_${stem} ON documents(type, ${stem}_r, ${stem}_v, id)`)
  }
}

const ASSET_REFS_SCHEMA = `
CREATE TABLE asset_refs (
  asset_id TEXT NOT NULL,
  source_id TEXT NOT NULL,
  PRIMARY KEY (asset_id, source_id)
) WITHOUT ROWID;
CREATE INDEX asset_refs_by_source ON asset_refs(source_id);
`

/**
 * The asset references of published documents (`asset-refs.ts`): created, and filled from the
 * stored documents, the first time a file is opened by a version of the lake that has them.
 */
export function migrateAssetRefs(db: Database.Database): void {
  const exists = db.prepare("SELECT 1 AS one FROM sqlite_master WHERE type = 'table' AND name = 'asset_refs'")
  if (exists.get()) return
  db.transaction(() => {
    if (exists.get()) return // another process migrated the file while this one waited for the lock
    db.exec(ASSET_REFS_SCHEMA)
    const insert = db.prepare<[string, string]>('INSERT OR IGNORE INTO asset_refs (asset_id, source_id) VALUES (?, ?)')
    // Page by page: better-sqlite3 cannot write while a statement is still iterating.
    const page = db.prepare<[string], { id: string; body: string }>(
      "SELECT id, body FROM documents WHERE id > ? AND instr(id, '.') = 0 ORDER BY id LIMIT 500",
    )
    let rows = page.all('')
    while (rows.length > 0) {
      for (const row of rows) for (const ref of assetRefsOf(JSON.parse(row.body))) insert.run(ref, row.id)
      rows = page.all(rows[rows.length - 1].id)
    }
  }).immediate()
}

/**
 * Lake files before issue 19 kept `documents` as a WITHOUT ROWID table: its primary-key b-tree
 * holds the bodies, so every id lookup of an index condition (`id IN (…)`) read body pages. The
 * table becomes an ordinary one with a narrow unique index on `id`; its indexes are made again by
 * the schema and the order-key migration. True when it rebuilt the table.
 */
export function migrateDocumentsToRowidTable(db: Database.Database): boolean {
  if (db.readonly) return false
  const table = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'documents'").get() as { sql: string } | undefined
  if (!table || !/WITHOUT\s+ROWID/i.test(table.sql)) return false
  db.transaction(() => {
    const columns = (db.prepare('PRAGMA table_info(documents)').all() as { name: string; type: string; notnull: number; dflt_value: string | null }[])
    const definitions = columns.map((c) => {
      if (c.name === 'id') return 'id TEXT NOT NULL UNIQUE'
      return `${c.name} ${c.type}${c.notnull ? ' NOT NULL' : ''}${c.dflt_value !== null ? ` DEFAULT ${c.dflt_value}` : ''}`
    })
    const names = columns.map((c) => c.name).join(', ')
    db.exec(`CREATE TABLE documents_rowid (${definitions.join(', ')})`)
    db.exec(`INSERT INTO documents_rowid (${names}) SELECT ${names} FROM documents ORDER BY id`)
    db.exec('DROP TABLE documents')
    db.exec('ALTER TABLE documents_rowid RENAME TO documents')
  }).immediate()
  return true
}

/**
 * The search index and the reference index (`search/search-index.ts`, `reference-index.ts`):
 * created when missing. When this created them in a file that already holds documents, the
 * returned `backfill` indexes every stored document once, page by page, in one transaction.
 * Read-only connections only check that they exist.
 */
export function migrateSearchAndReferences(
  db: Database.Database,
  schema: string,
): { backfill?: (index: (id: string, doc: unknown) => void) => void } {
  const tables = ['search_fts', 'document_refs']
  const present = db.prepare<[string], { one: number }>("SELECT 1 AS one FROM sqlite_master WHERE name = ?")
  const missing = tables.some((name) => !present.get(name))
  if (db.readonly || !missing) return {}
  db.exec(schema)
  const hasDocuments = db.prepare('SELECT 1 FROM documents LIMIT 1').get() !== undefined
  if (!hasDocuments) return {}
  return {
    backfill: (index) =>
      db.transaction(() => {
        db.exec('DELETE FROM search_fts; DELETE FROM search_ids; DELETE FROM document_refs')
        const page = db.prepare<[string], { id: string; body: string }>('SELECT id, body FROM documents WHERE id > ? ORDER BY id LIMIT 500')
        let rows = page.all('')
        while (rows.length > 0) {
          for (const row of rows) index(row.id, JSON.parse(row.body))
          rows = page.all(rows[rows.length - 1].id)
        }
      }).immediate(),
  }
}
