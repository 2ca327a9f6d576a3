/**
 * The SQLite file behind the lake: schema, pragmas and prepared statements.
 * Durability: WAL journal with synchronous=FULL, so a commit is fsynced before it is acknowledged.
 */

import Database from 'better-sqlite3'
import fs from 'node:fs'
import path from 'node:path'
import type { LakeDocument } from './types'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS documents (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  slug_current TEXT,
  rev TEXT NOT NULL,
  body TEXT NOT NULL
) WITHOUT ROWID;
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
  body: string
}

/** Thin typed wrapper over the prepared statements the store needs. */
export class LakeDatabase {
  readonly db: Database.Database
  private readonly stmts
  private readonly inStatements = new Map<string, Database.Statement<string[], DocumentRow>>()

  constructor(dataDir: string) {
    fs.mkdirSync(dataDir, { recursive: true })
    this.db = new Database(path.join(dataDir, 'lake.sqlite'))
    this.db.pragma('journal_mode = WAL')
    this.db.pragma('synchronous = FULL')
    this.db.pragma('busy_timeout = 5000')
    this.db.exec(SCHEMA)
    this.stmts = {
      get: this.db.prepare<[string], DocumentRow>('SELECT id, body FROM documents WHERE id = ?'),
      all: this.db.prepare<[], DocumentRow>('SELECT id, body FROM documents ORDER BY id'),
      page: this.db.prepare<[string, number], DocumentRow>('SELECT id, body FROM documents WHERE id > ? ORDER BY id LIMIT ?'),
      count: this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM documents'),
      upsert: this.db.prepare(
        'INSERT INTO documents (id, type, slug_current, rev, body) VALUES (@id, @type, @slug, @rev, @body) ' +
          'ON CONFLICT(id) DO UPDATE SET type = excluded.type, slug_current = excluded.slug_current, rev = excluded.rev, body = excluded.body',
      ),
      remove: this.db.prepare<[string]>('DELETE FROM documents WHERE id = ?'),
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
    return this.selectIn('SELECT id, body FROM documents WHERE id IN', ids)
  }

  rowsByType(types: readonly string[]): DocumentRow[] {
    return this.selectIn('SELECT id, body FROM documents WHERE type IN', types)
  }

  rowsBySlug(slugs: readonly string[]): DocumentRow[] {
    return this.selectIn('SELECT id, body FROM documents WHERE slug_current IN', slugs)
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

  writeDocument(doc: LakeDocument): void {
    const slug = (doc as { slug?: { current?: unknown } }).slug?.current
    this.stmts.upsert.run({
      id: doc._id,
      type: doc._type,
      slug: typeof slug === 'string' ? slug : null,
      rev: doc._rev ?? '',
      body: JSON.stringify(doc),
    })
  }

  deleteDocument(id: string): void {
    this.stmts.remove.run(id)
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

  /** Runs `fn` inside one SQLite transaction (IMMEDIATE: takes the write lock up front). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate()
  }

  close(): void {
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
