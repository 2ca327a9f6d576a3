/**
 * Editor sessions: what a browser holds after an editor signs in on the lake's sign-in page. The
 * session id is 32 random bytes, sent only as an HttpOnly cookie; the lake stores its SHA-256 hash,
 * the editor it belongs to and when it expires. A session is good only while its editor exists
 * (removing or re-issuing an editor ends their sessions at once) and until it expires.
 */

import type Database from 'better-sqlite3'
import { randomBytes } from 'node:crypto'
import { hashToken, type Editor } from './editors'

/** A newsroom shift and then some: after 12 hours the editor signs in again. */
export const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000
const SESSION_ID_BYTES = 32

/** The table itself is created with the editors' (editors.ts), which remove their sessions. */
const SCHEMA = `
CREATE INDEX IF NOT EXISTS studio_sessions_by_editor ON studio_sessions (editor_id);
`

export interface NewSession {
  /** The secret the browser holds (the cookie's value); never stored. */
  id: string
  expiresAt: number
}

export class EditorSessions {
  private readonly stmts
  private readonly lifetimeMs: number
  private readonly now: () => number

  /** `db` must already hold the editors' tables (construct the EditorRegistry first). */
  constructor(db: Database.Database, opts: { lifetimeMs?: number; now?: () => number } = {}) {
    db.exec(SCHEMA)
    this.lifetimeMs = opts.lifetimeMs ?? SESSION_LIFETIME_MS
    this.now = opts.now ?? Date.now
    this.stmts = {
      insert: db.prepare('INSERT INTO studio_sessions (id_sha256, editor_id, created_at, expires_at) VALUES (?, ?, ?, ?)'),
      editorOf: db.prepare<[string, number], Editor>(
        `SELECT e.id, e.name, e.created_at AS createdAt FROM studio_sessions s
         JOIN studio_editors e ON e.id = s.editor_id WHERE s.id_sha256 = ? AND s.expires_at > ?`,
      ),
      remove: db.prepare<[string]>('DELETE FROM studio_sessions WHERE id_sha256 = ?'),
      removeExpired: db.prepare<[number]>('DELETE FROM studio_sessions WHERE expires_at <= ?'),
    }
  }

  /** Starts a session for `editor`; returns the secret to set as the cookie. */
  create(editor: Editor): NewSession {
    const now = this.now()
    this.stmts.removeExpired.run(now)
    const id = randomBytes(SESSION_ID_BYTES).toString('base64url')
    const expiresAt = now + this.lifetimeMs
    this.stmts.insert.run(hashToken(id), editor.id, new Date(now).toISOString(), expiresAt)
    return { id, expiresAt }
  }

  /** The editor a session id belongs to; null when unknown, expired, signed out or the editor was removed. */
  editorOf(id: string): Editor | null {
    if (!id) return null
    return this.stmts.editorOf.get(hashToken(id), this.now()) ?? null
  }

  /** Ends a session (sign-out). */
  destroy(id: string): void {
    if (id) this.stmts.remove.run(hashToken(id))
  }

  /** Seconds until a new session expires (the cookie's Max-Age). */
  get lifetimeSeconds(): number {
    return Math.floor(this.lifetimeMs / 1000)
  }
}
