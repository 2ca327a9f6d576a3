/** Shared shapes of the lake. */

export interface LakeDocument {
  _id: string
  _type: string
  _rev?: string
  _createdAt?: string
  _updatedAt?: string
  [field: string]: unknown
}

/** `raw` shows every stored document; a stack overlays prefixed layers on the published documents. */
export type PerspectiveSpec = { kind: 'raw' } | { kind: 'stack'; layers: string[] }

export interface ReadOptions {
  /** `published` | `drafts` | `raw` | `previewDrafts` | comma list of release ids; default `published`. */
  perspective?: string | PerspectiveSpec
  /** Without authentication ids that contain a dot are never visible. Default false. */
  authenticated?: boolean
  /**
   * Which assets anonymous readers see: `referenced` (default) only assets a published document
   * references, `all` every asset. Authenticated readers always see every asset.
   */
  publicAssets?: 'referenced' | 'all'
}

export interface QueryOptions extends ReadOptions {
  /** `indexed` (default) pre-selects candidates through SQLite indexes; `fullscan` evaluates over every document. */
  planner?: 'indexed' | 'fullscan'
  /** Evaluation time limit; past it the query fails with a 400 `queryTimeout`. Default 10 s. */
  timeoutMs?: number
  /**
   * Whose share of the query workers this uses (`worker-pool.ts`): the HTTP server passes the
   * client's address block (anonymous) or its token or editor; in-process callers are `local`.
   */
  client?: string
}

export interface QueryResult {
  result: unknown
  ms: number
  /**
   * How the documents were selected, for diagnostics and tests: `ordered` = a list query's
   * candidates streamed in order-key or dataset order, `scored` = a search's candidates read in
   * order of their score bound, `indexed` = index lookups, `counted` = no document read (every `*`
   * was a count answered by SQLite), `fullscan` = every document of the view.
   */
  plan: 'ordered' | 'scored' | 'indexed' | 'counted' | 'fullscan'
}

/** One document written by a transaction, the unit of history and of listener events. */
export interface DocumentChange {
  id: string
  before: LakeDocument | null
  after: LakeDocument | null
  /** The mutations of the transaction that touched this document. */
  mutations: unknown[]
}

export interface CommittedTransaction {
  transactionId: string
  timestamp: string
  identity: string
  changes: DocumentChange[]
}
