/**
 * The search index: SQLite FTS5 over the texts of every stored document (`text-paths.ts` says
 * which), kept in the same transaction as the document. One FTS5 row per document, holding each
 * distinct token once as `<key code>\uE100<encoded token>` (`match-text.ts`), so one table answers
 * a lookup on any path: `tokenize = ascii` (every encoded token is one FTS5 token), `detail = none`
 * (only which documents hold a token: `match` needs nothing else, and lookups are single tokens or
 * token prefixes), contentless with `contentless_delete` (the documents table has the text).
 * `search_ids` maps FTS5 rowids to document ids; `search_keys` numbers the keys.
 */

import type Database from 'better-sqlite3'
import { indexedTokenOf, matchTokensOf } from './match-text'
import { forEachIndexedText } from './text-paths'
import type { TextLookup } from './text-query'

export const SEARCH_SCHEMA = `
CREATE TABLE IF NOT EXISTS search_ids (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS search_keys (key TEXT PRIMARY KEY, code INTEGER NOT NULL UNIQUE) WITHOUT ROWID;
CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(tokens, tokenize = 'ascii', detail = 'none', content = '', contentless_delete = 1);
`

const KEY_SEPARATOR = '\uE100'

/** A SQL condition on `documents.id` (stored ids) with its parameters. */
export interface SqlCondition {
  sql: string
  params: unknown[]
}

export const MATCH_NOTHING: SqlCondition = { sql: '0', params: [] }

export class SearchIndex {
  private readonly codes = new Map<string, number>()
  private readonly stmts

  constructor(private readonly db: Database.Database) {
    this.stmts = {
      code: db.prepare<[string], { code: number }>('SELECT code FROM search_keys WHERE key = ?'),
      addKey: db.prepare<[string]>('INSERT INTO search_keys (key, code) VALUES (?, (SELECT coalesce(max(code), 0) + 1 FROM search_keys))'),
      rowid: db.prepare<[string], { rowid: number }>('SELECT rowid FROM search_ids WHERE id = ?'),
      addId: db.prepare<[string]>('INSERT INTO search_ids (id) VALUES (?)'),
      removeId: db.prepare<[number]>('DELETE FROM search_ids WHERE rowid = ?'),
      insertText: db.prepare<[number, string]>('INSERT INTO search_fts (rowid, tokens) VALUES (?, ?)'),
      removeText: db.prepare<[number]>('DELETE FROM search_fts WHERE rowid = ?'),
    }
  }

  /** The FTS5 text of a document: its distinct key-coded tokens. Assigns codes to new keys (writer only). */
  tokensOf(doc: unknown): string {
    const tokens = new Set<string>()
    forEachIndexedText(doc, (key, text) => {
      const code = this.codeOf(key, true) as number
      for (const token of matchTokensOf(text)) tokens.add(`${code}${KEY_SEPARATOR}${indexedTokenOf(token)}`)
    })
    return [...tokens].join(' ')
  }

  /** Indexes (or re-indexes) a stored document. Call inside the document's write transaction. */
  write(id: string, doc: unknown): void {
    const text = this.tokensOf(doc)
    const existing = this.stmts.rowid.get(id)
    let rowid: number
    if (existing) {
      rowid = existing.rowid
      this.stmts.removeText.run(rowid)
    } else {
      rowid = Number(this.stmts.addId.run(id).lastInsertRowid)
    }
    if (text !== '') this.stmts.insertText.run(rowid, text)
  }

  remove(id: string): void {
    const existing = this.stmts.rowid.get(id)
    if (!existing) return
    this.stmts.removeText.run(existing.rowid)
    this.stmts.removeId.run(existing.rowid)
  }

  /**
   * A condition on stored ids selecting every document whose indexed texts under `lookup.keys`
   * hold, for every term, a token the term can match. Keys no document has ever had are left out;
   * with none left, nothing matches.
   */
  condition(lookup: TextLookup): SqlCondition {
    const codes = lookup.keys.map((key) => this.codeOf(key, false)).filter((code): code is number => code !== null)
    if (codes.length === 0) return MATCH_NOTHING
    const query = lookup.terms
      .map((term) => `(${codes.map((code) => `"${code}${KEY_SEPARATOR}${term.literal}"${term.exact ? '' : ' *'}`).join(' OR ')})`)
      .join(' AND ')
    return {
      sql: 'id IN (SELECT search_ids.id FROM search_fts JOIN search_ids ON search_ids.rowid = search_fts.rowid WHERE search_fts MATCH ?)',
      params: [query],
    }
  }

  /** Drops cached key codes (after a rolled-back transaction that may have assigned some). */
  forgetKeyCodes(): void {
    this.codes.clear()
  }

  /** Merges the index's segments into one (after a bulk import: fewer, larger lookups). */
  optimize(): void {
    this.db.exec("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
  }

  private codeOf(key: string, assign: boolean): number | null {
    const known = this.codes.get(key)
    if (known !== undefined) return known
    let row = this.stmts.code.get(key)
    if (!row && assign) {
      this.stmts.addKey.run(key)
      row = this.stmts.code.get(key)
    }
    if (!row) return null
    this.codes.set(key, row.code)
    return row.code
  }
}
