/**
 * The search index: SQLite FTS5 over the texts of every stored document (`text-paths.ts` says
 * which), kept in the same transaction as the document. One FTS5 row per document, holding each
 * distinct token once as `<key code>\uE100<encoded token>` (`match-text.ts`), so one table answers
 * a lookup on any path: `tokenize = ascii` (every encoded token is one FTS5 token), `detail = none`
 * (only which documents hold a token: `match` needs nothing else, and lookups are single tokens or
 * token prefixes), contentless with `contentless_delete` (the documents table has the text).
 * `search_ids` maps FTS5 rowids to document ids; `search_keys` numbers the keys.
 *
 * For `score()`, a token that occurs `f` ≥ 2 times under its key also gets one token per
 * threshold `t` ≤ f of `FREQUENCY_THRESHOLDS` (`<token>\uE101<t>`): FTS5 then tells which
 * documents hold a token at least `t` times, which bounds groq-js' score of a document from above
 * without reading it (`score-bounds.ts`). Under a key shared by span texts and `pt::text()` the
 * count is the larger of the two. A document with a numeric top-level `_score` (groq-js adds it to
 * the computed score) gets `SCORE_FIELD_MARK`.
 */

import type Database from 'better-sqlite3'
import { indexedTokenOf, matchTokensOf, type TermLookup } from './match-text'
import { forEachIndexedText } from './text-paths'
import type { TextLookup } from './text-query'

export const SEARCH_SCHEMA = `
CREATE TABLE IF NOT EXISTS search_ids (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS search_keys (key TEXT PRIMARY KEY, code INTEGER NOT NULL UNIQUE) WITHOUT ROWID;
CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(tokens, tokenize = 'ascii', detail = 'none', content = '', contentless_delete = 1);
`

const KEY_SEPARATOR = '\uE100'
const THRESHOLD_SEPARATOR = '\uE101'
export const SCORE_FIELD_MARK = '\uE102'

/** FTS5's default `automerge`: merge a level's segments once it holds this many. */
const DEFAULT_AUTOMERGE = 4

/** Occurrence counts with a token of their own (see the module comment). */
export const FREQUENCY_THRESHOLDS = [2, 3, 4, 6, 8, 12, 16, 24, 32, 64] as const

/** The FTS5 token of an indexed token under a key code (`threshold`: its "at least t times" token). */
export function keyedToken(code: number, literal: string, threshold?: number): string {
  return `${code}${KEY_SEPARATOR}${literal}${threshold === undefined ? '' : `${THRESHOLD_SEPARATOR}${threshold}`}`
}

/** A SQL condition on `documents.id` (stored ids) with its parameters. */
export interface SqlCondition {
  sql: string
  params: unknown[]
}

export const MATCH_NOTHING: SqlCondition = { sql: '0', params: [] }

/** One term under one key as an FTS5 query: the token, or (not exact) every token it starts. */
export function tokenQuery(code: number, term: TermLookup, threshold?: number): string {
  return `"${keyedToken(code, term.literal, threshold)}"${term.exact ? '' : ' *'}`
}

/**
 * The FTS5 text of a document: its distinct key-coded tokens, in the order met, each followed by
 * its "at least t" tokens. `codeOf` gives (or assigns) the code of a key.
 */
export function documentTokens(doc: unknown, codeOf: (key: string) => number): string {
  const counts = new Map<string, { string: number; pt: number }>()
  const encoded = new Map<string, string>() // words repeat: encode each once
  forEachIndexedText(doc, (key, text, source) => {
    const prefix = keyedToken(codeOf(key), '')
    for (const token of matchTokensOf(text)) {
      let literal = encoded.get(token)
      if (literal === undefined) encoded.set(token, (literal = indexedTokenOf(token)))
      const keyed = prefix + literal
      let count = counts.get(keyed)
      if (!count) counts.set(keyed, (count = { string: 0, pt: 0 }))
      count[source]++
    }
  })
  const tokens: string[] = []
  for (const [keyed, count] of counts) {
    tokens.push(keyed)
    const frequency = Math.max(count.string, count.pt)
    for (const threshold of FREQUENCY_THRESHOLDS) {
      if (frequency < threshold) break
      tokens.push(`${keyed}${THRESHOLD_SEPARATOR}${threshold}`)
    }
  }
  if (typeof (doc as { _score?: unknown } | null)?._score === 'number') tokens.push(SCORE_FIELD_MARK)
  return tokens.join(' ')
}

/** A document's FTS5 text computed ahead (`documentTokens`), with the code it assumed for each key. */
export interface AheadTokens {
  tokens: string
  keys: [string, number][]
}

export class SearchIndex {
  private readonly codes = new Map<string, number>()
  private readonly stmts

  constructor(private readonly db: Database.Database) {
    this.stmts = {
      code: db.prepare<[string], { code: number }>('SELECT code FROM search_keys WHERE key = ?'),
      allCodes: db.prepare<[], { key: string; code: number }>('SELECT key, code FROM search_keys'),
      addKey: db.prepare<[string]>('INSERT INTO search_keys (key, code) VALUES (?, (SELECT coalesce(max(code), 0) + 1 FROM search_keys))'),
      rowid: db.prepare<[string], { rowid: number }>('SELECT rowid FROM search_ids WHERE id = ?'),
      addId: db.prepare<[string]>('INSERT INTO search_ids (id) VALUES (?)'),
      removeId: db.prepare<[number]>('DELETE FROM search_ids WHERE rowid = ?'),
      insertText: db.prepare<[number, string]>('INSERT INTO search_fts (rowid, tokens) VALUES (?, ?)'),
      removeText: db.prepare<[number]>('DELETE FROM search_fts WHERE rowid = ?'),
      countMatching: db.prepare<[string], number>('SELECT count(*) FROM search_fts WHERE search_fts MATCH ?').pluck(),
      countMatchingUpTo: db.prepare<[string, number], number>('SELECT count(*) FROM (SELECT rowid FROM search_fts WHERE search_fts MATCH ? LIMIT ?)').pluck(),
      anyMatching: db.prepare<[string], number>('SELECT rowid FROM search_fts WHERE search_fts MATCH ? LIMIT 1').pluck(),
      rowidsMatching: db.prepare<[string], number>('SELECT rowid FROM search_fts WHERE search_fts MATCH ?').pluck(),
      idsOfRowids: db.prepare<[string], { rowid: number; id: string }>('SELECT rowid, id FROM search_ids WHERE rowid IN (SELECT value FROM json_each(?))'),
    }
  }

  /** The FTS5 text of a document: its distinct key-coded tokens. Assigns codes to new keys (writer only). */
  tokensOf(doc: unknown): string {
    return documentTokens(doc, (key) => this.codeOf(key, true) as number)
  }

  /** FTS5 rowids of the documents matching an FTS5 query (no join: for score bounds). */
  rowidsMatching(query: string): number[] {
    return this.stmts.rowidsMatching.all(query) as number[]
  }

  /** How many documents match an FTS5 query (counted in SQLite). */
  countMatching(query: string): number {
    return Number(this.stmts.countMatching.get(query) ?? 0)
  }

  /** How many documents match an FTS5 query, counting no further than `limit`. */
  countMatchingUpTo(query: string, limit: number): number {
    return Number(this.stmts.countMatchingUpTo.get(query, limit) ?? 0)
  }

  /** Whether any document matches an FTS5 query. */
  anyMatching(query: string): boolean {
    return this.stmts.anyMatching.get(query) !== undefined
  }

  /** Stored ids of FTS5 rowids. */
  idsOfRowids(rowids: readonly number[]): Map<number, string> {
    const rows = this.stmts.idsOfRowids.all(JSON.stringify(rowids)) as { rowid: number; id: string }[]
    return new Map(rows.map((row) => [row.rowid, row.id]))
  }

  /** The code of a key, or null when no document ever had a text under it. */
  keyCode(key: string): number | null {
    return this.codeOf(key, false)
  }

  /**
   * Indexes (or re-indexes) a stored document. Call inside the document's write transaction.
   * `ahead`: its tokens computed off this thread (bulk import), used when every key code they
   * assumed is this index's code of the key; otherwise the tokens are computed here.
   */
  write(id: string, doc: unknown, ahead?: AheadTokens): void {
    const text = ahead && ahead.keys.every(([key, code]) => this.codeOf(key, false) === code) ? ahead.tokens : this.tokensOf(doc)
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
    const query = this.matchQuery(lookup)
    if (query === null) return MATCH_NOTHING
    return {
      sql: 'id IN (SELECT search_ids.id FROM search_fts JOIN search_ids ON search_ids.rowid = search_fts.rowid WHERE search_fts MATCH ?)',
      params: [query],
    }
  }

  /** The FTS5 query of a lookup, or null when it can match nothing (no document has those keys). */
  matchQuery(lookup: TextLookup): string | null {
    const codes = lookup.keys.map((key) => this.codeOf(key, false)).filter((code): code is number => code !== null)
    if (codes.length === 0) return null
    return lookup.terms.map((term) => `(${codes.map((code) => tokenQuery(code, term)).join(' OR ')})`).join(' AND ')
  }

  /** Every key with its code (what a thread computing tokens ahead starts from). */
  keyCodes(): [string, number][] {
    return this.stmts.allCodes.all().map((row) => [row.key, row.code])
  }

  /** Drops cached key codes (after a rolled-back transaction that may have assigned some). */
  forgetKeyCodes(): void {
    this.codes.clear()
  }

  /**
   * Until the returned function is called, FTS5 merges no segments after a write (`automerge`
   * 0) but those of a level that reached `crisismerge` (16): a bulk load merges each segment
   * fewer times, then `optimize` merges them all. The setting is stored in the index, so the
   * returned function must be called (it restores FTS5's default, 4).
   */
  deferMerges(): () => void {
    // FTS5 takes only an integer (a bound JS number is a real).
    const automerge = (value: number) => this.db.prepare("INSERT INTO search_fts (search_fts, rank) VALUES ('automerge', ?)").run(BigInt(value))
    automerge(0)
    return () => automerge(DEFAULT_AUTOMERGE)
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
