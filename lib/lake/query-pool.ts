/**
 * Where the lake runs GROQ. `workers` (the default, and what the HTTP server uses): every query,
 * listen filter check and listen filter match runs in a pool of worker threads (`worker-pool.ts`,
 * `groq-worker-main.ts`), so no query can block the server's event loop, and one past its time
 * limit is stopped by terminating its worker. `inProcess`: on the caller's thread with only the
 * soft budget of `query-budget.ts`; for trusted callers whose queries are their own code (the
 * content CLI, the benchmark, planner tests), never for queries that arrive over the network.
 * Both check the size limits of `query-limits.ts` on the calling thread before any parse.
 */

import { createHash } from 'node:crypto'
import path from 'node:path'
import { runGroqTask, type GroqTask, type GroqTaskResults, type ListenDocPair, type ListenMatches, type QueryOutcome } from './groq-tasks'
import type { GroqWorkerData } from './groq-worker-main'
import { queryBusyError, queryMemoryError, queryTimeoutError, listenFilterTimeoutError, queryBudgetError } from './query-budget'
import { isCostlyByText, QueryShapeHistory, queryShapeOf, type QueryLane } from './query-cost'
import { assertQueryWithinLimits, QUERY_LIMITS } from './query-limits'
import { LruCache } from './lru-cache'
import type { LakeDatabase } from './sqlite'
import type { QueryOptions } from './types'
import type { JobLane, JobOutcome } from './worker-jobs'
import { WorkerPool } from './worker-pool'

export type QueryIsolation = 'workers' | 'inProcess'

export interface QueryPoolOptions {
  /** Workers kept running. Default 2, at least 1. */
  workers?: number
  /**
   * Most workers at once: a query that finds every worker busy gets a new one up to this
   * ceiling. Default `workers + 6`. Of these, `heavySlots` (default half) may run heavy queries
   * and one anonymous listen matching; the rest are always there for cheap queries.
   */
  maxWorkers?: number
  /** Heavy queries (costly by text or by history, see `query-cost.ts`) at once. Default `maxWorkers / 2`. */
  heavySlots?: number
  /**
   * Worker time (ms, decaying with a 10 s half-life) one client may have used before its heavy
   * queries, or its anonymous listen matching, are refused with a 429. Default 30,000.
   */
  clientBudgetMs?: number
  /**
   * Queries waiting once `maxWorkers` are busy, each for at most twice its time limit; past either
   * a 503 `queryQueueFull` with `Retry-After`. Default 64.
   */
  queueLimit?: number
  /** Heap of each worker in MB; a query past it gets a 400. Default 1024. */
  workerMemoryMb?: number
}

export const QUERY_POOL_DEFAULTS = {
  workers: 2,
  extraWorkers: 6,
  /** Anonymous listen-filter matching runs on at most this many workers at once. */
  backgroundSlots: 1,
  clientBudgetMs: 30_000,
  /** Anonymous listen matching of one client gets this share of `clientBudgetMs`, apart from its queries. */
  backgroundBudgetShare: 1 / 6,
  /** An editor's listen matching waits this long for a worker before its stream gets a channelError. */
  editorListenWaitMs: 30_000,
  /** Listen filters already checked (text and parameters), so reopening a stream costs no worker. */
  checkedFilters: 1000,
  usageHalfLifeMs: 10_000,
  /** A query shape that ran past `slowJobMs` (or timed out) stays heavy this long. */
  heavyShapeMs: 60_000,
  maxShapes: 5000,
  queueLimit: 64,
  workerMemoryMb: 1024,
  /** A worker whose soft budget did not stop its query by then is terminated. */
  hardDeadlineGraceMs: 100,
  /**
   * A cheap job still running after `slowJobMs` is demoted to the heavy lane and its worker
   * thread lowered by `slowJobNice` nice levels (Linux), so queries spinning towards their time
   * limit cannot starve the server thread or short queries (heavy jobs start lowered).
   */
  slowJobMs: 250,
  slowJobNice: 10,
  /** Idle or starting workers kept ready for the next query (workers take ~0.2 s to start). */
  spareWorkers: 2,
  /** Workers above `workers`, and lowered ones, stop after this long without work. */
  idleRetireMs: 30_000,
} as const

export interface GroqRunnerTarget {
  db: LakeDatabase
  dataDir: string
  projectId: string
  dataset: string
}

export interface GroqRunner {
  readonly isolation: QueryIsolation
  /**
   * `opts.timeoutMs` is the query's time limit (default `QUERY_LIMITS.defaultQueryTimeoutMs`);
   * `opts.client` whose budget of worker time it uses (default `local`).
   */
  query(query: string, params: Record<string, unknown>, opts: QueryOptions): Promise<QueryOutcome>
  /** Parses a listen filter and checks its parameters and patterns (a 400 when it is bad). */
  checkListenFilter(query: string, params: Record<string, unknown>, timeoutMs: number): Promise<void>
  /**
   * Matches a filter against one transaction's documents within `timeoutMs`. An anonymous
   * listener's matching runs in the pool's background lane with its own budget; an
   * authenticated one's (an editor's stream) in the cheap lane, never refused for a full queue.
   */
  matchListenFilter(query: string, params: Record<string, unknown>, docs: ListenDocPair[], timeoutMs: number, listener?: ListenerIdentity): Promise<ListenMatches>
  /** Workers alive and busy, and queries waiting (all 0 in-process). */
  stats(): { workers: number; busy: number; queued: number }
  close(): Promise<void>
}

/** Who listens: authenticated (editors, the site's token) or not, and the client's budget key. */
export interface ListenerIdentity {
  authenticated: boolean
  client?: string
}

/** Where a task runs and whose budget it uses; `shape` is recorded in the query history. */
interface Placement {
  lane: JobLane
  client: string
  shape?: string
}

type Execute = <K extends GroqTask['kind']>(task: Extract<GroqTask, { kind: K }>, placement: Placement) => Promise<GroqTaskResults[K]>

const LOCAL_CLIENT = 'local'

export function createGroqRunner(isolation: QueryIsolation, target: GroqRunnerTarget, options: QueryPoolOptions = {}): GroqRunner {
  if (isolation === 'inProcess') {
    const context = { projectId: target.projectId, dataset: target.dataset }
    const idle = () => ({ workers: 0, busy: 0, queued: 0 })
    return runnerOver('inProcess', (task) => runGroqTask(target.db, context, task, false), idle, async () => undefined, () => 'cheap')
  }
  const workers = Math.max(1, Math.floor(options.workers ?? QUERY_POOL_DEFAULTS.workers))
  const memoryMb = options.workerMemoryMb ?? QUERY_POOL_DEFAULTS.workerMemoryMb
  const workerData: GroqWorkerData = {
    dataDir: target.dataDir,
    projectId: target.projectId,
    dataset: target.dataset,
  }
  const maxWorkers = Math.max(workers, Math.floor(options.maxWorkers ?? workers + QUERY_POOL_DEFAULTS.extraWorkers))
  const pool = new WorkerPool({
    entry: path.join(__dirname, 'groq-worker.js'),
    workerData,
    workers,
    maxWorkers,
    heavySlots: Math.max(1, Math.floor(options.heavySlots ?? maxWorkers / 2)),
    backgroundSlots: QUERY_POOL_DEFAULTS.backgroundSlots,
    clientBudgetMs: options.clientBudgetMs ?? QUERY_POOL_DEFAULTS.clientBudgetMs,
    backgroundBudgetMs: (options.clientBudgetMs ?? QUERY_POOL_DEFAULTS.clientBudgetMs) * QUERY_POOL_DEFAULTS.backgroundBudgetShare,
    usageHalfLifeMs: QUERY_POOL_DEFAULTS.usageHalfLifeMs,
    queueLimit: Math.max(0, Math.floor(options.queueLimit ?? QUERY_POOL_DEFAULTS.queueLimit)),
    memoryMb,
    hardDeadlineGraceMs: QUERY_POOL_DEFAULTS.hardDeadlineGraceMs,
    spareWorkers: QUERY_POOL_DEFAULTS.spareWorkers,
    slowJobMs: QUERY_POOL_DEFAULTS.slowJobMs,
    slowJobNice: QUERY_POOL_DEFAULTS.slowJobNice,
    idleRetireMs: QUERY_POOL_DEFAULTS.idleRetireMs,
  })
  const history = new QueryShapeHistory({ slowMs: QUERY_POOL_DEFAULTS.slowJobMs, heavyForMs: QUERY_POOL_DEFAULTS.heavyShapeMs, maxShapes: QUERY_POOL_DEFAULTS.maxShapes })
  const execute: Execute = (task, placement) => {
    const onTimeout = task.kind === 'matchListenFilter' ? listenFilterTimeoutError : queryTimeoutError
    const { shape } = placement
    return pool.run(task, {
      timeoutMs: task.timeoutMs,
      lane: placement.lane,
      client: placement.client,
      onTimeout: () => onTimeout(task.query, task.timeoutMs),
      onOutOfMemory: () => queryMemoryError(task.query, memoryMb),
      onBusy: (reason) => queryBusyError(`The lake is busy: ${reason}; retry shortly`),
      onOverBudget: (retryAfter) => queryBudgetError(placement.client, task.kind === 'matchListenFilter', retryAfter),
      onSettled: shape ? (outcome: JobOutcome) => history.record(shape, outcome) : undefined,
      exemptFromQueueLimit: task.kind === 'matchListenFilter',
      maxWaitMs: task.kind === 'matchListenFilter' && placement.lane === 'cheap' ? Math.max(2 * task.timeoutMs, QUERY_POOL_DEFAULTS.editorListenWaitMs) : undefined,
    })
  }
  const laneOf = (query: string, params: Record<string, unknown>, shape: string) => history.laneOf(shape, isCostlyByText(query, params))
  return runnerOver('workers', execute, () => pool.stats(), () => pool.close(), laneOf)
}

function runnerOver(
  isolation: QueryIsolation,
  execute: Execute,
  stats: GroqRunner['stats'],
  close: () => Promise<void>,
  laneOf: (query: string, params: Record<string, unknown>, shape: string) => QueryLane,
): GroqRunner {
  const checked = new LruCache<string, boolean>(QUERY_POOL_DEFAULTS.checkedFilters)
  const checking = new Map<string, Promise<void>>()
  return {
    isolation,
    stats,
    async query(query, params, opts) {
      assertQueryWithinLimits(query, params)
      const timeoutMs = opts.timeoutMs ?? QUERY_LIMITS.defaultQueryTimeoutMs
      const shape = isolation === 'workers' ? queryShapeOf(query, params) : ''
      const placement = { lane: laneOf(query, params, shape), client: opts.client ?? LOCAL_CLIENT, shape }
      return execute<'query'>({ kind: 'query', query, params, opts: { ...opts, timeoutMs }, timeoutMs }, placement)
    },
    async checkListenFilter(query, params, timeoutMs) {
      assertQueryWithinLimits(query, params)
      const key = createHash('sha1').update(query).update('\u0000').update(JSON.stringify(params) ?? '').digest('base64url')
      if (checked.get(key)) return
      // Parsing and checking only (nothing is evaluated): cheap. Streams opened at once with one
      // filter share one check.
      let check = checking.get(key)
      if (!check) {
        check = execute<'checkListenFilter'>({ kind: 'checkListenFilter', query, params, timeoutMs }, { lane: 'cheap', client: LOCAL_CLIENT })
          .then(() => void checked.set(key, true))
          .finally(() => checking.delete(key))
        checking.set(key, check)
      }
      await check
    },
    matchListenFilter(query, params, docs, timeoutMs, listener = { authenticated: true }) {
      const placement: Placement = { lane: listener.authenticated ? 'cheap' : 'background', client: listener.client ?? LOCAL_CLIENT }
      return execute<'matchListenFilter'>({ kind: 'matchListenFilter', query, params, docs, timeoutMs }, placement)
    },
    close,
  }
}
