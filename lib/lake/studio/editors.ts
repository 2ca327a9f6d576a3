/**
 * Named editors of the embedded lake: each has an id, a display name and a token that is stored
 * only as a SHA-256 hash. Their ids are stamped on the transactions they make, so history and
 * presence show who did what. The table lives in the lake's own SQLite file.
 */

import type Database from 'better-sqlite3'
import { createHash, randomBytes } from 'node:crypto'

export interface Editor {
  id: string
  name: string
  createdAt: string
}

/** Sanity Studio refuses tokens shorter than 32 characters; ours are 43. */
export const EDITOR_TOKEN_BYTES = 32
const MAX_NAME_LENGTH = 80

const SCHEMA = `
CREATE TABLE IF NOT EXISTS studio_editors (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  token_sha256 TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS studio_sessions (
  id_sha256 TEXT PRIMARY KEY,
  editor_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);
`

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

/** Editor ids look like Sanity's user ids (`p` + 8 url-safe characters). */
function randomEditorId(): string {
  return `e${randomBytes(8).toString('base64url').replace(/[-_]/g, 'x').slice(0, 9)}`
}

export class EditorRegistry {
  private readonly stmts

  constructor(db: Database.Database) {
    db.exec(SCHEMA)
    this.stmts = {
      insert: db.prepare('INSERT INTO studio_editors (id, name, token_sha256, created_at) VALUES (?, ?, ?, ?)'),
      list: db.prepare<[], Editor>('SELECT id, name, created_at AS createdAt FROM studio_editors ORDER BY created_at, id'),
      byHash: db.prepare<[string], Editor>('SELECT id, name, created_at AS createdAt FROM studio_editors WHERE token_sha256 = ?'),
      byId: db.prepare<[string], Editor>('SELECT id, name, created_at AS createdAt FROM studio_editors WHERE id = ?'),
      removeById: db.prepare<[string]>('DELETE FROM studio_editors WHERE id = ?'),
      removeByName: db.prepare<[string]>('DELETE FROM studio_editors WHERE name = ?'),
      // Sessions are refused once their editor is gone (sessions.ts joins on the editor); this only tidies up.
      removeOrphanSessions: db.prepare(
        "DELETE FROM studio_sessions WHERE editor_id NOT IN (SELECT id FROM studio_editors)",
      ),
    }
  }

  /** Adds an editor and returns it with its token (shown once, never stored in clear). */
  add(name: string): { editor: Editor; token: string } {
    const trimmed = name.trim()
    if (!trimmed) throw new Error('An editor needs a name')
    if (trimmed.length > MAX_NAME_LENGTH) throw new Error(`An editor's name is at most ${MAX_NAME_LENGTH} characters`)
    const token = randomBytes(EDITOR_TOKEN_BYTES).toString('base64url')
    const editor: Editor = { id: randomEditorId(), name: trimmed, createdAt: new Date().toISOString() }
    this.stmts.insert.run(editor.id, editor.name, hashToken(token), editor.createdAt)
    return { editor, token }
  }

  list(): Editor[] {
    return this.stmts.list.all()
  }

  byToken(token: string): Editor | null {
    return this.stmts.byHash.get(hashToken(token)) ?? null
  }

  byId(id: string): Editor | null {
    return this.stmts.byId.get(id) ?? null
  }

  /** Removes editors by id or exact name; returns how many were removed (their tokens stop working). */
  remove(idOrName: string): number {
    const byId = this.stmts.removeById.run(idOrName).changes
    const removed = byId > 0 ? byId : this.stmts.removeByName.run(idOrName).changes
    if (removed > 0) this.stmts.removeOrphanSessions.run()
    return removed
  }
}
