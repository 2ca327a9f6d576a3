/**
 * Studio's per-user key-value store (`/users/me/keyvalue`), persisted in the lake's SQLite file:
 * Studio keeps UI preferences there (pane layout, recent searches, inspector state).
 */

import type Database from 'better-sqlite3'

export interface KeyValuePair {
  key: string
  value: unknown
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS studio_keyvalue (
  user_id TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (user_id, key)
) WITHOUT ROWID;
`

export const MAX_KEY_LENGTH = 256
export const MAX_VALUE_BYTES = 256 * 1024

export class KeyValueStore {
  private readonly stmts

  constructor(db: Database.Database) {
    db.exec(SCHEMA)
    this.stmts = {
      get: db.prepare<[string, string], { value: string }>('SELECT value FROM studio_keyvalue WHERE user_id = ? AND key = ?'),
      put: db.prepare(
        'INSERT INTO studio_keyvalue (user_id, key, value) VALUES (?, ?, ?) ON CONFLICT(user_id, key) DO UPDATE SET value = excluded.value',
      ),
      remove: db.prepare('DELETE FROM studio_keyvalue WHERE user_id = ? AND key = ?'),
    }
  }

  /** One pair per requested key; a key never set answers `value: null`. */
  get(userId: string, keys: readonly string[]): KeyValuePair[] {
    return keys.map((key) => {
      const row = this.stmts.get.get(userId, key)
      return { key, value: row ? (JSON.parse(row.value) as unknown) : null }
    })
  }

  /** Stores the pairs (a `null` value deletes the key) and answers them back. */
  set(userId: string, pairs: readonly KeyValuePair[]): KeyValuePair[] {
    for (const { key, value } of pairs) {
      if (value === null) this.stmts.remove.run(userId, key)
      else this.stmts.put.run(userId, key, JSON.stringify(value))
    }
    return pairs.map(({ key, value }) => ({ key, value }))
  }
}
