/**
 * Document revisions for Studio's history: every committed state of every document, recorded as
 * the lake commits (plus, once, the current state of documents that have no revision yet, e.g.
 * the seed). The lake's own `mutation_history` says what happened; this says what the document
 * looked like, which is what "Review changes" and restoring a revision need.
 */

import type Database from 'better-sqlite3'
import type { CommittedTransaction, LakeDocument } from '../types'

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
    }
    this.backfill()
  }

  /** Records the current state of documents that have no recorded revision yet. */
  backfill(): void {
    this.db.exec(
      `INSERT OR IGNORE INTO studio_revisions (document_id, rev, timestamp, body)
       SELECT id, rev, coalesce(json_extract(body, '$._updatedAt'), '1970-01-01T00:00:00Z'), body FROM documents
       WHERE rev != '' AND NOT EXISTS (SELECT 1 FROM studio_revisions r WHERE r.document_id = documents.id AND r.rev = documents.rev)`,
    )
  }

  /** Records the states a transaction produced (a deletion with no body); runs inside the commit's SQLite transaction. */
  record(tx: CommittedTransaction): void {
    for (const change of tx.changes) {
      const rev = change.after?._rev ?? tx.transactionId
      this.stmts.put.run(change.id, rev, tx.timestamp, change.after ? JSON.stringify(change.after) : null)
    }
  }

  byRevision(documentId: string, rev: string): LakeDocument | null {
    const row = this.stmts.byRev.get(documentId, rev)
    return row?.body ? (JSON.parse(row.body) as LakeDocument) : null
  }

  atTime(documentId: string, time: string): LakeDocument | null {
    const row = this.stmts.atTime.get(documentId, time)
    return row?.body ? (JSON.parse(row.body) as LakeDocument) : null
  }

  /** The last state the document had before it was deleted (or its current state). */
  lastRevision(documentId: string): LakeDocument | null {
    const row = this.stmts.lastExisting.get(documentId)
    return row ? (JSON.parse(row.body) as LakeDocument) : null
  }
}
