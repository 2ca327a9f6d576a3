/**
 * LakeStore: the in-process Content Lake. Reads go through perspectives and the index planner,
 * writes are one SQLite transaction per Sanity transaction, serialised through a queue.
 */

import { EventEmitter } from 'node:events'
import path from 'node:path'
import { DEFAULT_PUBLIC_ASSETS, type PublicAssetsPolicy } from './asset-refs'
import { readViewDocuments } from './document-reader'
import { isPrivateId } from './ids'
import {
  planTransaction,
  validateMutationList,
  validateTransactionId,
  type MutationResultItem,
} from './mutations'
import { resolveView } from './perspective'
import type { QueryOutcome } from './groq-tasks'
import { createGroqRunner, type GroqRunner, type QueryIsolation, type QueryPoolOptions } from './query-pool'
import { QUERY_LIMITS } from './query-limits'
import type { IndexRowsAhead } from './index-rows-ahead'
import { LakeDatabase, type HistoryRow } from './sqlite'
import type { CommittedTransaction, LakeDocument, QueryOptions, QueryResult, ReadOptions } from './types'

export interface LakeStoreOptions {
  projectId?: string
  dataset?: string
  /** Default GROQ evaluation time limit (ms) for queries that do not set one; default 10 s. */
  queryTimeoutMs?: number
  /** Which assets anonymous readers see: `referenced` (default, embargo-safe) or `all`. */
  publicAssets?: PublicAssetsPolicy
  /**
   * `workers` (default): GROQ (queries, listen filters) runs in a pool of worker threads with a
   * hard time limit. `inProcess`: on the caller's thread, only for trusted callers whose queries
   * are their own code (see `query-pool.ts`).
   */
  queryIsolation?: QueryIsolation
  /** Sizes of the worker pool (`queryIsolation: 'workers'`). */
  queryPool?: QueryPoolOptions
  /** Time limit (ms) of one listener's filter over one committed transaction; default 1 s. */
  listenFilterTimeoutMs?: number
}

/** A query result as JSON text (what the HTTP layer sends on without parsing it). */
export interface QueryJsonResult {
  resultJson: string
  ms: number
  plan: QueryResult['plan']
}

export interface MutateOptions {
  transactionId?: string
  /** Include the resulting documents in `results[].document`. Default true. */
  returnDocuments?: boolean
  dryRun?: boolean
  autoGenerateArrayKeys?: boolean
  /** Recorded in history and listener events. */
  identity?: string
  /**
   * Index rows computed ahead (bulk import) by document id, for documents this transaction
   * writes with one `create`, `createOrReplace` or `createIfNotExists` (`index-rows-ahead.ts`).
   */
  indexRowsAhead?: ReadonlyMap<string, IndexRowsAhead>
}

export interface MutateResult {
  transactionId: string
  results: MutationResultItem[]
}

export interface GetDocumentsResult {
  documents: LakeDocument[]
  omitted: { id: string; reason: 'existence' }[]
}

export class LakeStore {
  readonly dataDir: string
  readonly assetsDir: string
  readonly projectId: string
  readonly dataset: string
  readonly database: LakeDatabase
  readonly queryTimeoutMs: number | undefined
  readonly publicAssets: PublicAssetsPolicy
  /** Runs GROQ off the event loop (or in-process, see `queryIsolation`). */
  readonly groq: GroqRunner
  readonly listenFilterTimeoutMs: number
  private readonly events = new EventEmitter()
  private readonly transactionHooks = new Set<(tx: CommittedTransaction) => void>()
  private writeQueue: Promise<unknown> = Promise.resolve()
  private closed = false

  constructor(dataDir: string, opts: LakeStoreOptions = {}) {
    this.dataDir = path.resolve(dataDir)
    this.assetsDir = path.join(this.dataDir, 'assets')
    this.projectId = opts.projectId ?? 'local'
    this.dataset = opts.dataset ?? 'production'
    this.database = new LakeDatabase(this.dataDir)
    this.queryTimeoutMs = opts.queryTimeoutMs
    this.publicAssets = opts.publicAssets ?? DEFAULT_PUBLIC_ASSETS
    this.listenFilterTimeoutMs = opts.listenFilterTimeoutMs ?? QUERY_LIMITS.defaultListenFilterTimeoutMs
    const target = { db: this.database, dataDir: this.dataDir, projectId: this.projectId, dataset: this.dataset }
    this.groq = createGroqRunner(opts.queryIsolation ?? 'workers', target, opts.queryPool)
    this.events.setMaxListeners(0)
  }

  /** Runs a GROQ query. In-process callers are authenticated unless they say otherwise. */
  async query(groq: string, params: Record<string, unknown> = {}, opts: QueryOptions = {}): Promise<QueryResult> {
    const outcome = await this.runGroq(groq, params, opts)
    const result = 'result' in outcome ? outcome.result : JSON.parse(outcome.resultJson)
    return { result, ms: outcome.ms, plan: outcome.plan }
  }

  /** Like `query`, with the result as JSON text (a worker's result is not parsed on this thread). */
  async queryJson(groq: string, params: Record<string, unknown> = {}, opts: QueryOptions = {}): Promise<QueryJsonResult> {
    const outcome = await this.runGroq(groq, params, opts)
    const resultJson = 'resultJson' in outcome ? outcome.resultJson : (JSON.stringify(outcome.result) ?? 'null')
    return { resultJson, ms: outcome.ms, plan: outcome.plan }
  }

  private async runGroq(groq: string, params: Record<string, unknown>, opts: QueryOptions): Promise<QueryOutcome> {
    this.assertOpen()
    return this.groq.query(groq, params, { authenticated: true, timeoutMs: this.queryTimeoutMs, publicAssets: this.publicAssets, ...opts })
  }

  /** Documents by exact stored id (like `/data/doc`); private ids need authentication. */
  getDocuments(ids: readonly string[], opts: Pick<ReadOptions, 'authenticated'> = {}): GetDocumentsResult {
    this.assertOpen()
    const authenticated = opts.authenticated ?? true
    const visible = ids.filter((id) => authenticated || !isPrivateId(id))
    const view = resolveView({ perspective: { kind: 'raw' }, authenticated, publicAssets: this.publicAssets })
    const found = new Map(readViewDocuments(this.database, visible, view).map((d) => [d._id, d]))
    const documents: LakeDocument[] = []
    const omitted: GetDocumentsResult['omitted'] = []
    for (const id of ids) {
      const doc = found.get(id)
      if (doc) documents.push(doc)
      else omitted.push({ id, reason: 'existence' })
    }
    return { documents, omitted }
  }

  getDocument(id: string): LakeDocument | null {
    return this.getDocuments([id]).documents[0] ?? null
  }

  /** Applies mutations as one all-or-nothing transaction. Resolves once the commit is durable. */
  mutate(mutations: unknown, opts: MutateOptions = {}): Promise<MutateResult> {
    const run = async (): Promise<MutateResult> => {
      this.assertOpen()
      validateMutationList(mutations)
      validateTransactionId(opts.transactionId)
      const selections = await this.resolveQuerySelections(mutations)
      const planned = planTransaction(mutations, {
        transactionId: opts.transactionId,
        autoGenerateArrayKeys: opts.autoGenerateArrayKeys,
        load: (id) => this.readStored(id),
        selections,
        transactionIdTaken: (txId) => this.database.hasTransaction(txId),
        now: new Date().toISOString(),
      })
      const identity = opts.identity ?? 'lake'
      if (!opts.dryRun) this.commit({ ...planned, identity }, opts.indexRowsAhead)
      const results = planned.results.map((item) =>
        opts.returnDocuments === false ? { id: item.id, operation: item.operation } : item,
      )
      return { transactionId: planned.transactionId, results }
    }
    const result = this.writeQueue.then(run, run)
    this.writeQueue = result.catch(() => undefined)
    return result
  }

  /** Subscribes to committed transactions (used by listeners). Returns an unsubscribe function. */
  onCommit(listener: (tx: CommittedTransaction) => void): () => void {
    this.events.on('commit', listener)
    return () => this.events.off('commit', listener)
  }

  /**
   * Runs `hook` inside the SQLite transaction of every commit, so what it writes (e.g. the webhook
   * outbox) is durable exactly when the commit is. It must be synchronous and fast.
   */
  onTransaction(hook: (tx: CommittedTransaction) => void): () => void {
    this.transactionHooks.add(hook)
    return () => this.transactionHooks.delete(hook)
  }

  /** How many commit subscribers (listeners) are attached. */
  listenerCount(): number {
    return this.events.listenerCount('commit')
  }

  /** The mutation history of one document, oldest first. */
  historyOf(documentId: string): HistoryRow[] {
    return this.database.historyOf(documentId)
  }

  countDocuments(): number {
    return this.database.countDocuments()
  }

  /** Waits for queued writes, then closes the database. */
  async close(): Promise<void> {
    if (this.closed) return
    await this.writeQueue.catch(() => undefined)
    this.closed = true
    this.events.removeAllListeners()
    await this.groq.close() // workers close their connections before the writer checkpoints
    this.database.close()
  }

  get isClosed(): boolean {
    return this.closed
  }

  /** Writes a planned transaction in one SQLite transaction and notifies subscribers. */
  commit(tx: CommittedTransaction, indexRowsAhead?: ReadonlyMap<string, IndexRowsAhead>): void {
    this.database.transaction(() => {
      for (const change of tx.changes) {
        const ahead = indexRowsAhead && change.mutations.length === 1 && isCreation(change.mutations[0]) ? indexRowsAhead.get(change.id) : undefined
        if (change.after) this.database.writeDocument(change.after, undefined, ahead)
        else this.database.deleteDocument(change.id)
        this.database.appendHistory({
          transactionId: tx.transactionId,
          timestamp: tx.timestamp,
          identity: tx.identity,
          documentId: change.id,
          previousRev: change.before?._rev ?? null,
          resultRev: change.after?._rev ?? null,
          mutations: JSON.stringify(change.mutations),
        })
      }
      for (const hook of this.transactionHooks) hook(tx)
    })
    this.events.emit('commit', tx)
  }

  /** Runs `fn` with writes queued behind it (bulk import uses this). */
  exclusive<T>(fn: () => Promise<T> | T): Promise<T> {
    const run = async () => {
      this.assertOpen()
      return fn()
    }
    const result = this.writeQueue.then(run, run)
    this.writeQueue = result.catch(() => undefined)
    return result
  }

  readStored(id: string): LakeDocument | null {
    const row = this.database.getRow(id)
    return row ? (JSON.parse(row.body) as LakeDocument) : null
  }

  private async resolveQuerySelections(mutations: Record<string, unknown>[]): Promise<Map<number, string[]>> {
    const selections = new Map<number, string[]>()
    for (const [index, mutation] of mutations.entries()) {
      const body = (mutation.delete ?? mutation.patch) as { id?: unknown; query?: unknown; params?: unknown } | undefined
      if (!body || body.id !== undefined || typeof body.query !== 'string') continue
      const params = (body.params ?? {}) as Record<string, unknown>
      const { result } = await this.query(body.query, params, { perspective: 'raw', authenticated: true })
      const items = Array.isArray(result) ? result : result === null ? [] : [result]
      const ids = items
        .map((item) => (typeof item === 'string' ? item : (item as { _id?: unknown } | null)?._id))
        .filter((id): id is string => typeof id === 'string')
      selections.set(index, [...new Set(ids)])
    }
    return selections
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('LakeStore is closed')
  }
}

/** A `create`, `createOrReplace` or `createIfNotExists`: the document written is its payload (plus system fields). */
function isCreation(mutation: unknown): boolean {
  const kind = Object.keys(mutation as object)[0]
  return kind === 'create' || kind === 'createOrReplace' || kind === 'createIfNotExists'
}
