/**
 * Where the lake runs GROQ. `workers` (the default, and what the HTTP server uses): every query,
 * listen filter check and listen filter match runs in a pool of worker threads (`worker-pool.ts`,
 * `groq-worker-main.ts`), so no query can block the server's event loop, and one past its time
 * limit is stopped by terminating its worker. `inProcess`: on the caller's thread with only the
 * soft budget of `query-budget.ts`; for trusted callers whose queries are their own code (the
 * content CLI, the benchmark, planner tests), never for queries that arrive over the network.
 * Both check the size limits of `query-limits.ts` on the calling thread before any parse.
 */

import path from 'node:path'
import { runGroqTask, type GroqTask, type GroqTaskResults, type ListenDocPair, type ListenMatches, type QueryOutcome } from './groq-tasks'
import type { GroqWorkerData } from './groq-worker-main'
import { queryBusyError, queryMemoryError, queryTimeoutError, listenFilterTimeoutError } from './query-budget'
import { assertQueryWithinLimits, QUERY_LIMITS } from './query-limits'
import type { LakeDatabase } from './sqlite'
import type { QueryOptions } from './types'
import { WorkerPool } from './worker-pool'

export type QueryIsolation = 'workers' | 'inProcess'

export interface QueryPoolOptions {
  /** Workers kept running. Default 2, at least 1. */
  workers?: number
  /**
   * Most workers at once: a query that finds every worker busy (long queries hold theirs until
   * they finish or hit the time limit) gets a new one up to this ceiling. Default `workers + 4`.
   */
  maxWorkers?: number
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
  extraWorkers: 4,
  queueLimit: 64,
  workerMemoryMb: 1024,
  /** A worker whose soft budget did not stop its query by then is terminated. */
  hardDeadlineGraceMs: 100,
  /**
   * A job still running after `slowJobMs` has its worker thread lowered by `slowJobNice` nice
   * levels (Linux), so queries spinning towards their time limit cannot starve the server thread
   * or short queries; from then on that worker is used last and retires when idle.
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
  /** `opts.timeoutMs` is the query's time limit (default `QUERY_LIMITS.defaultQueryTimeoutMs`). */
  query(query: string, params: Record<string, unknown>, opts: QueryOptions): Promise<QueryOutcome>
  /** Parses a listen filter and checks its parameters and patterns (a 400 when it is bad). */
  checkListenFilter(query: string, params: Record<string, unknown>, timeoutMs: number): Promise<void>
  /** Matches a filter against one transaction's documents within `timeoutMs`. */
  matchListenFilter(query: string, params: Record<string, unknown>, docs: ListenDocPair[], timeoutMs: number): Promise<ListenMatches>
  /** Workers alive and busy, and queries waiting (all 0 in-process). */
  stats(): { workers: number; busy: number; queued: number }
  close(): Promise<void>
}

type Execute = <K extends GroqTask['kind']>(task: Extract<GroqTask, { kind: K }>) => Promise<GroqTaskResults[K]>

export function createGroqRunner(isolation: QueryIsolation, target: GroqRunnerTarget, options: QueryPoolOptions = {}): GroqRunner {
  if (isolation === 'inProcess') {
    const context = { projectId: target.projectId, dataset: target.dataset }
    const idle = () => ({ workers: 0, busy: 0, queued: 0 })
    return runnerOver('inProcess', (task) => runGroqTask(target.db, context, task, false), idle, async () => undefined)
  }
  const workers = Math.max(1, Math.floor(options.workers ?? QUERY_POOL_DEFAULTS.workers))
  const memoryMb = options.workerMemoryMb ?? QUERY_POOL_DEFAULTS.workerMemoryMb
  const workerData: GroqWorkerData = {
    dataDir: target.dataDir,
    projectId: target.projectId,
    dataset: target.dataset,
  }
  const pool = new WorkerPool({
    entry: path.join(__dirname, 'groq-worker.js'),
    workerData,
    workers,
    maxWorkers: Math.max(workers, Math.floor(options.maxWorkers ?? workers + QUERY_POOL_DEFAULTS.extraWorkers)),
    queueLimit: Math.max(0, Math.floor(options.queueLimit ?? QUERY_POOL_DEFAULTS.queueLimit)),
    memoryMb,
    hardDeadlineGraceMs: QUERY_POOL_DEFAULTS.hardDeadlineGraceMs,
    spareWorkers: QUERY_POOL_DEFAULTS.spareWorkers,
    slowJobMs: QUERY_POOL_DEFAULTS.slowJobMs,
    slowJobNice: QUERY_POOL_DEFAULTS.slowJobNice,
    idleRetireMs: QUERY_POOL_DEFAULTS.idleRetireMs,
  })
  const execute: Execute = (task) => {
    const onTimeout = task.kind === 'matchListenFilter' ? listenFilterTimeoutError : queryTimeoutError
    return pool.run(task, {
      timeoutMs: task.timeoutMs,
      onTimeout: () => onTimeout(task.query, task.timeoutMs),
      onOutOfMemory: () => queryMemoryError(task.query, memoryMb),
      onBusy: (reason) => queryBusyError(`The lake is busy: ${reason}; retry shortly`),
      exemptFromQueueLimit: task.kind === 'matchListenFilter',
    })
  }
  return runnerOver('workers', execute, () => pool.stats(), () => pool.close())
}

function runnerOver(isolation: QueryIsolation, execute: Execute, stats: GroqRunner['stats'], close: () => Promise<void>): GroqRunner {
  return {
    isolation,
    stats,
    async query(query, params, opts) {
      assertQueryWithinLimits(query, params)
      const timeoutMs = opts.timeoutMs ?? QUERY_LIMITS.defaultQueryTimeoutMs
      return execute<'query'>({ kind: 'query', query, params, opts: { ...opts, timeoutMs }, timeoutMs })
    },
    async checkListenFilter(query, params, timeoutMs) {
      assertQueryWithinLimits(query, params)
      await execute<'checkListenFilter'>({ kind: 'checkListenFilter', query, params, timeoutMs })
    },
    matchListenFilter(query, params, docs, timeoutMs) {
      return execute<'matchListenFilter'>({ kind: 'matchListenFilter', query, params, docs, timeoutMs })
    },
    close,
  }
}
