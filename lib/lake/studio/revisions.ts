/**
 * Document revisions for Studio's history: every committed state of every document, recorded as
 * the lake commits. The lake's own `mutation_history` says what happened; this says what the
 * document looked like, which is what "Review changes" and restoring a revision need.
 *
 * A document's state before the first commit the Studio API sees (the seed, an import of a
 * hundred thousand stories done with no server running) is not copied at start-up: it is the
 * current row of `documents` until that first commit, which records it (as the state at its
 * `_updatedAt`) before recording its own. Copying every document at every start-up doubled an
 * archive's file and took its time.
 */

import type Database from 'better-sqlite3'
import type { CommittedTransaction, LakeDocument } from '../types'

/** The time of a state without `_updatedAt` (as the first lake versions recorded it). */
const EPOCH = '1970-01-01T00:00:00Z'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS studio_revisions (
  document_id TEXT NOT NULL,
  rev TEXT NOT NULL,
  timestamp TEXT NOT NULL,
  body TEXT,
  PRIMARY KEY (document_id, rev)
);
CREATE INDEX IF NOT EXISTS studio_revisions_by_time ON studio_revisions(document_id, timestamp);
`

export class RevisionStore {
  private readonly stmts

  constructor(private readonly db: Database.Database) {
    db.exec(SCHEMA)
    this.stmts = {
      put: db.prepare('INSERT OR REPLACE INTO studio_revisions (document_id, rev, timestamp, body) VALUES (?, ?, ?, ?)'),
      byRev: db.prepare<[string, string], { body: string | null }>('SELECT body FROM studio_revisions WHERE document_id = ? AND rev = ?'),
      atTime: db.prepare<[string, string], { body: string | null }>(
        'SELECT body FROM studio_revisions WHERE document_id = ? AND timestamp <= ? ORDER BY timestamp DESC, rowid DESC LIMIT 1',
      ),
      lastExisting: db.prepare<[string], { body: string }>(
        'SELECT body FROM studio_revisions WHERE document_id = ? AND body IS NOT NULL ORDER BY timestamp DESC, rowid DESC LIMIT 1',
      ),
      anyRecorded: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM studio_revisions WHERE document_id = ? LIMIT 1'),
      current: db.prepare<[string], { rev: string; body: string }>('SELECT rev, body FROM documents WHERE id = ?'),
    }
  }

  /** Records the states a transaction produced (a deletion with no body); runs inside the commit's SQLite transaction. */
  record(tx: CommittedTransaction): void {
    for (const change of tx.changes) {
      const before = change.before
      if (before?._rev && !this.stmts.anyRecorded.get(change.id)) {
        this.stmts.put.run(change.id, before._rev, before._updatedAt ?? EPOCH, JSON.stringify(before))
      }
      const rev = change.after?._rev ?? tx.transactionId
      this.stmts.put.run(change.id, rev, tx.timestamp, change.after ? JSON.stringify(change.after) : null)
    }
  }

  byRevision(documentId: string, rev: string): LakeDocument | null {
    const row = this.stmts.byRev.get(documentId, rev)
    if (row) return row.body ? (JSON.parse(row.body) as LakeDocument) : null
    const current = this.unrecordedState(documentId)
    return current?._rev === rev ? current : null
  }

  atTime(documentId: string, time: string): LakeDocument | null {
    const row = this.stmts.atTime.get(documentId, time)
    if (row) return row.body ? (JSON.parse(row.body) as LakeDocument) : null
    const current = this.unrecordedState(documentId)
    return current && (current._updatedAt ?? EPOCH) <= time ? current : null
  }

  /** The last state the document had before it was deleted (or its current state). */
  lastRevision(documentId: string): LakeDocument | null {
    const row = this.stmts.lastExisting.get(documentId)
    return row ? (JSON.parse(row.body) as LakeDocument) : this.unrecordedState(documentId)
  }

  /** The current state of a document no commit has recorded a revision of (the seed, an import). */
  private unrecordedState(documentId: string): LakeDocument | null {
    if (this.stmts.anyRecorded.get(documentId)) return null
    const row = this.stmts.current.get(documentId)
    return row && row.rev !== '' ? (JSON.parse(row.body) as LakeDocument) : null
  }
}
