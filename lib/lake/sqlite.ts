/**
 * The SQLite file behind the lake: schema, pragmas and prepared statements.
 * Durability: WAL journal with synchronous=FULL, so a commit is fsynced before it is acknowledged.
 */

import Database from 'better-sqlite3'
import path from 'node:path'
import { assetRefsOf } from './asset-refs'
import { isPrivateId } from './ids'
import type { IndexRowsAhead } from './index-rows-ahead'
import { LruCache } from './lru-cache'
import { createPrivateFile, makePrivateDataDir } from './private-files'
import { ORDER_KEY_COLUMNS, ORDER_KEY_FIELDS, orderKeyColumnsOf } from './order-keys'
import { REFERENCE_SCHEMA, ReferenceIndex } from './reference-index'
import { SEARCH_SCHEMA, SearchIndex } from './search/search-index'
import { migrateAssetRefs, migrateDocumentsToRowidTable, migrateOrderKeys, migrateSearchAndReferences } from './sqlite-migrations'
import { ConditionQueries } from './sqlite-queries'
import type { LakeDocument } from './types'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS documents (
  id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  slug_current TEXT,
  rev TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_by_type ON documents(type, id);
CREATE INDEX IF NOT EXISTS documents_by_slug ON documents(slug_current) WHERE slug_current IS NOT NULL;
CREATE TABLE IF NOT EXISTS mutation_history (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  transaction_id TEXT NOT NULL,
  timestamp TEXT NOT NULL,
  identity TEXT NOT NULL,
  document_id TEXT NOT NULL,
  previous_rev TEXT,
  result_rev TEXT,
  mutations TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS history_by_transaction ON mutation_history(transaction_id);
CREATE INDEX IF NOT EXISTS history_by_document ON mutation_history(document_id, seq);
`

export interface HistoryRow {
  transactionId: string
  timestamp: string
  identity: string
  documentId: string
  previousRev: string | null
  resultRev: string | null
  mutations: string
}

export interface DocumentRow {
  id: string
  rev: string
  body: string
}

/** A reader connection maps this much of the file, and caches this many KiB of pages. */
const READER_MMAP_BYTES = 2 ** 31
const READER_CACHE_KIB = 32 * 1024

/** Pages the WAL may grow to between checkpoints: SQLite's default, and during a bulk load (~80 MB). */
const CHECKPOINT_PAGES = 1000
const BULK_CHECKPOINT_PAGES = 20_000

/** Parsed documents kept across queries: at most this many, and about this many bytes of JSON. */
const PARSED_CACHE_ENTRIES = 50_000
const PARSED_CACHE_BYTES = 256 * 1024 * 1024

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value as Record<string, unknown>)) deepFreeze(child)
  }
  return value
}

const ORDER_KEY_COLUMN_NAMES = ORDER_KEY_FIELDS.flatMap((f) => [`${ORDER_KEY_COLUMNS[f]}_r`, `${ORDER_KEY_COLUMNS[f]}_v`])

/** Thin typed wrapper over the prepared statements the store needs. */
export class LakeDatabase {
  readonly db: Database.Database
  private readonly stmts
  private readonly inStatements = new Map<string, Database.Statement<string[], DocumentRow>>()
  /** FTS5 over the documents' texts (GROQ `match`). */
  readonly search: SearchIndex
  /** Every `_ref` of every document (`->`, `references()`, `x._ref ==`). */
  readonly references: ReferenceIndex
  /** Ids, counts and ordered keys under index conditions. */
  readonly queries: ConditionQueries
  /** Parsed, deeply frozen documents by stored id, valid for one `rev`; dropped on every write. */
  private readonly parsed = new LruCache<string, { rev: string; doc: LakeDocument; bytes: number }>(
    PARSED_CACHE_ENTRIES,
    PARSED_CACHE_BYTES,
    (entry) => entry.bytes,
  )

  /** `readonly`: a reader's connection (query workers); the schema must already be in place. */
  constructor(dataDir: string, options: { readonly?: boolean } = {}) {
    const file = path.join(dataDir, 'lake.sqlite')
    if (options.readonly !== true) {
      makePrivateDataDir(dataDir)
      createPrivateFile(file)
    }
    this.db = new Database(file, { readonly: options.readonly === true })
    this.db.pragma('journal_mode = WAL')
    this.db.pragma('synchronous = FULL')
    this.db.pragma('busy_timeout = 5000')
    if (options.readonly === true) {
      // Readers (query workers) map the file and keep more pages: index lookups stay in memory.
      this.db.pragma(`mmap_size = ${READER_MMAP_BYTES}`)
      this.db.pragma(`cache_size = -${READER_CACHE_KIB}`)
    }
    migrateDocumentsToRowidTable(this.db)
    this.db.exec(SCHEMA)
    migrateOrderKeys(this.db)
    migrateAssetRefs(this.db)
    const indexed = migrateSearchAndReferences(this.db, SEARCH_SCHEMA + REFERENCE_SCHEMA)
    this.search = new SearchIndex(this.db)
    this.references = new ReferenceIndex(this.db)
    this.queries = new ConditionQueries(this.db)
    indexed.backfill?.((id, doc) => {
      this.search.write(id, doc)
      this.references.write(id, doc)
    })
    this.stmts = {
      get: this.db.prepare<[string], DocumentRow>('SELECT id, rev, body FROM documents WHERE id = ?'),
      all: this.db.prepare<[], DocumentRow>('SELECT id, rev, body FROM documents ORDER BY id'),
      page: this.db.prepare<[string, number], DocumentRow>('SELECT id, rev, body FROM documents WHERE id > ? ORDER BY id LIMIT ?'),
      count: this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM documents'),
      upsert: this.db.prepare(
        `INSERT INTO documents (id, type, slug_current, rev, body, ${ORDER_KEY_COLUMN_NAMES.join(', ')}) ` +
          `VALUES (@id, @type, @slug, @rev, @body, ${ORDER_KEY_COLUMN_NAMES.map((c) => `@${c}`).join(', ')}) ` +
          'ON CONFLICT(id) DO UPDATE SET type = excluded.type, slug_current = excluded.slug_current, rev = excluded.rev, body = excluded.body, ' +
          ORDER_KEY_COLUMN_NAMES.map((c) => `${c} = excluded.${c}`).join(', '),
      ),
      remove: this.db.prepare<[string]>('DELETE FROM documents WHERE id = ?'),
      insertAssetRef: this.db.prepare<[string, string]>('INSERT OR IGNORE INTO asset_refs (asset_id, source_id) VALUES (?, ?)'),
      removeAssetRefs: this.db.prepare<[string]>('DELETE FROM asset_refs WHERE source_id = ?'),
      assetReferenced: this.db.prepare<[string], { one: number }>('SELECT 1 AS one FROM asset_refs WHERE asset_id = ? LIMIT 1'),
      assetReferrers: this.db.prepare<[string, number], { id: string }>('SELECT source_id AS id FROM asset_refs WHERE asset_id = ? LIMIT ?'),
      history: this.db.prepare(
        'INSERT INTO mutation_history (transaction_id, timestamp, identity, document_id, previous_rev, result_rev, mutations) ' +
          'VALUES (@transactionId, @timestamp, @identity, @documentId, @previousRev, @resultRev, @mutations)',
      ),
      hasTransaction: this.db.prepare<[string], { one: number }>(
        'SELECT 1 AS one FROM mutation_history WHERE transaction_id = ? LIMIT 1',
      ),
      historyOf: this.db.prepare<[string], HistoryRow>(
        'SELECT transaction_id AS transactionId, timestamp, identity, document_id AS documentId, previous_rev AS previousRev, ' +
          'result_rev AS resultRev, mutations FROM mutation_history WHERE document_id = ? ORDER BY seq',
      ),
    }
  }

  getRow(id: string): DocumentRow | undefined {
    return this.stmts.get.get(id)
  }

  /** Rows for the given ids (any order; missing ids are skipped). Chunked to respect SQLite's variable limit. */
  getRows(ids: readonly string[]): DocumentRow[] {
    return this.selectIn('SELECT id, rev, body FROM documents WHERE id IN', ids)
  }

  rowsByType(types: readonly string[]): DocumentRow[] {
    return this.selectIn('SELECT id, rev, body FROM documents WHERE type IN', types)
  }

  rowsBySlug(slugs: readonly string[]): DocumentRow[] {
    return this.selectIn('SELECT id, rev, body FROM documents WHERE slug_current IN', slugs)
  }

  /** Stored ids of the given types / slugs (no bodies: the planner only needs the ids). */
  idsByType(types: readonly string[]): string[] {
    return this.selectIn('SELECT id FROM documents WHERE type IN', types).map((row) => row.id)
  }

  idsBySlug(slugs: readonly string[]): string[] {
    return this.selectIn('SELECT id FROM documents WHERE slug_current IN', slugs).map((row) => row.id)
  }

  /**
   * The parsed document of a row. Parsed documents are cached (keyed by id, checked against the
   * rev, dropped on every write through this connection) and deeply frozen: they are shared
   * between queries, so nobody may mutate them.
   */
  parseRow(row: DocumentRow): LakeDocument {
    const cached = this.parsed.get(row.id)
    if (cached && cached.rev === row.rev && cached.bytes === row.body.length * 2) return cached.doc
    const doc = deepFreeze(JSON.parse(row.body) as LakeDocument)
    this.parsed.set(row.id, { rev: row.rev, doc, bytes: row.body.length * 2 })
    return doc
  }

  allRows(): DocumentRow[] {
    return this.stmts.all.all()
  }

  /** All rows in id order, fetched page by page (safe to await between pages). */
  *pagedRows(pageSize: number): Generator<DocumentRow> {
    let after = ''
    for (;;) {
      const page = this.stmts.page.all(after, pageSize)
      yield* page
      if (page.length < pageSize) return
      after = page[page.length - 1].id
    }
  }

  countDocuments(): number {
    return this.stmts.count.get()?.n ?? 0
  }

  /**
   * Writes a stored document (`rev`: the revision the row carries; default its `_rev`; `ahead`:
   * its index rows computed before the transaction, see `index-rows-ahead.ts`).
   */
  writeDocument(doc: LakeDocument, rev = doc._rev ?? '', ahead?: IndexRowsAhead): void {
    const slug = (doc as { slug?: { current?: unknown } }).slug?.current
    this.parsed.delete(doc._id)
    this.stmts.upsert.run({
      id: doc._id,
      type: doc._type,
      slug: typeof slug === 'string' ? slug : null,
      rev,
      body: JSON.stringify(doc),
      ...orderKeyColumnsOf(doc),
    })
    this.stmts.removeAssetRefs.run(doc._id)
    if (!isPrivateId(doc._id)) for (const ref of ahead?.assetRefs ?? assetRefsOf(doc)) this.stmts.insertAssetRef.run(ref, doc._id)
    this.references.write(doc._id, doc, ahead?.references)
    this.search.write(doc._id, doc, ahead?.search)
  }

  deleteDocument(id: string): void {
    this.parsed.delete(id)
    this.stmts.remove.run(id)
    this.stmts.removeAssetRefs.run(id)
    this.references.remove(id)
    this.search.remove(id)
  }

  /** True when a published (non-draft, non-version) document references the asset id. */
  isAssetReferenced(assetId: string): boolean {
    return this.stmts.assetReferenced.get(assetId) !== undefined
  }

  /** Ids of published documents that reference the asset id (at most `limit`). */
  assetReferrers(assetId: string, limit: number): string[] {
    return this.stmts.assetReferrers.all(assetId, limit).map((row) => row.id)
  }

  appendHistory(row: HistoryRow): void {
    this.stmts.history.run(row)
  }

  hasTransaction(transactionId: string): boolean {
    return this.stmts.hasTransaction.get(transactionId) !== undefined
  }

  historyOf(documentId: string): HistoryRow[] {
    return this.stmts.historyOf.all(documentId)
  }

  /**
   * Runs a bulk load (`content import`) with cheaper writes that are just as durable: the WAL is
   * checkpointed every `BULK_CHECKPOINT_PAGES` instead of after nearly every 500-document
   * transaction (pages written again meanwhile are copied once), and the search index merges its
   * segments only when a level has many (`SearchIndex.deferMerges`). Both are restored afterwards.
   */
  async bulkLoad<T>(load: () => Promise<T>): Promise<T> {
    this.db.pragma(`wal_autocheckpoint = ${BULK_CHECKPOINT_PAGES}`)
    const restoreMerges = this.search.deferMerges()
    try {
      return await load()
    } finally {
      restoreMerges()
      this.db.pragma(`wal_autocheckpoint = ${CHECKPOINT_PAGES}`)
    }
  }

  /** Runs `fn` inside one SQLite transaction (IMMEDIATE: takes the write lock up front). */
  transaction<T>(fn: () => T): T {
    try {
      return this.db.transaction(fn).immediate()
    } catch (err) {
      this.search.forgetKeyCodes() // codes assigned in the rolled-back transaction are gone
      throw err
    }
  }

  close(): void {
    this.parsed.clear()
    if (this.db.open) this.db.close()
  }

  private selectIn(sqlPrefix: string, values: readonly string[]): DocumentRow[] {
    const unique = [...new Set(values)]
    const rows: DocumentRow[] = []
    for (let i = 0; i < unique.length; i += 500) {
      const chunk = unique.slice(i, i + 500)
      const sql = `${sqlPrefix} (${chunk.map(() => '?').join(',')})`
      let stmt = this.inStatements.get(sql)
      if (!stmt) {
        stmt = this.db.prepare<string[], DocumentRow>(sql)
        if (this.inStatements.size > 200) this.inStatements.clear()
        this.inStatements.set(sql, stmt)
      }
      rows.push(...stmt.all(...chunk))
    }
    return rows
  }
}
