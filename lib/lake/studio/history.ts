/**
 * Studio's history endpoints, answered from the lake's `mutation_history` table (who changed
 * which document in which transaction, when) and the recorded revisions (what it looked like):
 *   GET /data/history/<ds>/transactions/<ids>   NDJSON transaction log
 *   GET /data/history/<ds>/documents/<ids>      documents at ?revision=, ?time= or ?lastRevision=true
 *   (document events, /data/history/<ds>/events/documents/<id>, are built in document-events.ts)
 */

import type Database from 'better-sqlite3'
import { badRequest } from '../errors'
import { mendozaEffects, type MendozaEffects } from './effects'
import type { RevisionStore } from './revisions'
import type { HistoryRow } from '../sqlite'
import type { LakeDocument } from '../types'

/** A mutation-history row with its sequence number (the order of commits). */
interface HistoryRecord extends HistoryRow {
  seq: number
}

export interface TransactionLogEntry {
  id: string
  timestamp: string
  author: string
  documentIDs: string[]
  mutations?: unknown[]
  effects?: Record<string, MendozaEffects>
}

export interface TransactionLogOptions {
  reverse: boolean
  limit: number
  fromTransaction?: string
  toTransaction?: string
  includeMutations: boolean
  includeEffects: boolean
}

const MAX_LIMIT = 10_000
const COLUMNS =
  'seq, transaction_id AS transactionId, timestamp, identity, document_id AS documentId, previous_rev AS previousRev, result_rev AS resultRev, mutations'

export class HistoryReader {
  private readonly seqOf

  constructor(
    private readonly db: Database.Database,
    private readonly revisions: RevisionStore,
  ) {
    // A transaction spans several rows (one per document): it starts at its first and ends at its last.
    this.seqOf = {
      first: db.prepare<[string], { seq: number }>('SELECT min(seq) AS seq FROM mutation_history WHERE transaction_id = ?'),
      last: db.prepare<[string], { seq: number }>('SELECT max(seq) AS seq FROM mutation_history WHERE transaction_id = ?'),
    }
  }

  /** The transactions that touched any of `ids`, oldest first (or newest first with `reverse`). */
  transactions(ids: readonly string[], opts: TransactionLogOptions): TransactionLogEntry[] {
    const unique = [...new Set(ids)].slice(0, 500)
    if (unique.length === 0) return []
    const bounds: string[] = []
    const args: unknown[] = [...unique]
    for (const [name, op, end] of [['fromTransaction', '>=', 'first'], ['toTransaction', '<=', 'last']] as const) {
      const txId = opts[name]
      if (!txId) continue
      const seq = this.seqOf[end].get(txId)?.seq
      if (seq === null || seq === undefined) throw badRequest(`Unknown transaction "${txId}" in ${name}`)
      bounds.push(`seq ${op} ?`)
      args.push(seq)
    }
    const where = [`document_id IN (${unique.map(() => '?').join(',')})`, ...bounds].join(' AND ')
    const rows = this.db.prepare<unknown[], HistoryRecord>(`SELECT ${COLUMNS} FROM mutation_history WHERE ${where} ORDER BY seq`).all(...args)
    const byTransaction = new Map<string, HistoryRecord[]>()
    for (const row of rows) {
      const list = byTransaction.get(row.transactionId) ?? []
      list.push(row)
      byTransaction.set(row.transactionId, list)
    }
    // Only the transactions returned are built (effects read and diff whole revisions).
    let groups = [...byTransaction.values()]
    if (opts.reverse) groups = groups.reverse()
    return groups.slice(0, Math.min(Math.max(opts.limit, 1), MAX_LIMIT)).map((group) => this.entryOf(group, opts))
  }

  private entryOf(group: HistoryRecord[], opts: TransactionLogOptions): TransactionLogEntry {
    const first = group[0]
    const entry: TransactionLogEntry = {
      id: first.transactionId,
      timestamp: first.timestamp,
      author: first.identity,
      documentIDs: group.map((row) => row.documentId),
    }
    if (opts.includeMutations) entry.mutations = group.flatMap((row) => JSON.parse(row.mutations) as unknown[])
    if (opts.includeEffects) {
      entry.effects = Object.fromEntries(
        group.map((row) => [row.documentId, mendozaEffects(this.state(row.documentId, row.previousRev), this.state(row.documentId, row.resultRev))]),
      )
    }
    return entry
  }

  private state(documentId: string, rev: string | null): LakeDocument | null {
    return rev ? this.revisions.byRevision(documentId, rev) : null
  }

  /** The documents as they were at a revision, at a time, or last before deletion. */
  documents(ids: readonly string[], at: { revision?: string; time?: string; lastRevision?: boolean }): LakeDocument[] {
    const docs = ids.map((id) => {
      if (at.revision) return this.revisions.byRevision(id, at.revision)
      if (at.lastRevision) return this.revisions.lastRevision(id)
      return this.revisions.atTime(id, at.time ?? new Date().toISOString())
    })
    return docs.filter((doc): doc is LakeDocument => doc !== null)
  }
}
