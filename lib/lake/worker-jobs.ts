/**
 * The options and jobs of the worker pool (`worker-pool.ts`): its sizes and lanes, and what a
 * caller passes with each job.
 */

export type JobLane = 'cheap' | 'heavy' | 'background'

export interface WorkerPoolOptions {
  /** The worker's entry file. It posts `{ready: true}` once it can take jobs. */
  entry: string
  workerData: unknown
  workers: number
  maxWorkers: number
  /** Heavy jobs on workers at once. */
  heavySlots: number
  /** Background jobs on workers at once. */
  backgroundSlots: number
  /** Cheap and heavy jobs waiting together; past it a 503. */
  queueLimit: number
  /** A client whose recent worker time (ms, half-life `usageHalfLifeMs`) is over this gets no heavy job. */
  clientBudgetMs: number
  /** The same for background (anonymous listen matching) work, counted apart from queries. */
  backgroundBudgetMs: number
  usageHalfLifeMs: number
  /** V8 old-generation heap of each worker, in MB. */
  memoryMb: number
  /** Time a worker gets past a job's own time limit before it is terminated. */
  hardDeadlineGraceMs: number
  /** Free full-priority workers (idle or booting) kept beyond the waiting cheap jobs while below `maxWorkers`. */
  spareWorkers: number
  /** A cheap job running longer is demoted to heavy; its worker's thread is lowered by `slowJobNice`. */
  slowJobMs: number
  slowJobNice: number
  idleRetireMs: number
}

export interface JobOptions {
  timeoutMs: number
  lane: JobLane
  /** Whose worker time this is (see `fair-queue.ts`). */
  client: string
  /** The error of a job whose worker was terminated at the deadline. */
  onTimeout: () => Error
  /** The error of a job whose worker ran out of heap. */
  onOutOfMemory: () => Error
  /** The error of a job refused because the queue is full or it waited out its time limit. */
  onBusy: (reason: string) => Error
  /** The error of a heavy or background job whose client is over its budget. */
  onOverBudget: (retryAfterSeconds: number) => Error
  /** Called once the job is over: its time on a worker, whether it was demoted or timed out. */
  onSettled?: (outcome: JobOutcome) => void
  /** Not refused when the queue is full (work already bounded elsewhere, e.g. per open stream). */
  exemptFromQueueLimit?: boolean
  /** Longest wait for a worker before `onBusy`; default twice `timeoutMs`. */
  maxWaitMs?: number
}

export interface JobOutcome {
  ms: number
  /** Started cheap and ran past `slowJobMs`. */
  demoted: boolean
  timedOut: boolean
}

export interface Job extends JobOptions {
  id: number
  message: unknown
  resolve: (value: unknown) => void
  reject: (err: Error) => void
  queueTimer?: NodeJS.Timeout
  /** Started cheap and ran past `slowJobMs`: counts as heavy. */
  demoted: boolean
  startedAt: number
}
