/**
 * A pool of worker threads with a hard deadline per job. Each job runs alone on one worker; a job
 * past its deadline has its worker terminated (`worker.terminate()` stops any JavaScript, even a
 * backtracking regular expression) and a fresh worker takes its place.
 *
 * Sizing: `workers` stay running. A job that finds no idle worker gets a new one, up to
 * `maxWorkers`, and `spareWorkers` are kept starting or idle below that ceiling (a worker takes
 * ~0.2 s to start), so a short job does not wait behind long ones until `maxWorkers` jobs run at
 * once. Only then do jobs queue (at most `queueLimit`, each for at most twice its own time limit:
 * long enough for a running job to reach its deadline and its worker to be replaced); past that
 * they are refused. Workers above `workers` retire after `idleRetireMs` without work.
 *
 * Priority (Linux): a job still running after `slowJobMs` has its thread lowered by `slowJobNice`
 * nice levels, so jobs spinning towards their deadline leave the CPU to the server's thread and
 * to short jobs. A lowered worker is used last, does not count as a spare, and retires when idle.
 */

import os from 'node:os'
import { Worker } from 'node:worker_threads'
import { deserializeError, type WorkerReply } from './worker-protocol'

export interface WorkerPoolOptions {
  /** The worker's entry file. It posts `{ready: true}` once it can take jobs. */
  entry: string
  workerData: unknown
  workers: number
  maxWorkers: number
  queueLimit: number
  /** V8 old-generation heap of each worker, in MB. */
  memoryMb: number
  /** Time a worker gets past a job's own time limit before it is terminated. */
  hardDeadlineGraceMs: number
  /** Free workers (idle or booting) kept beyond the waiting jobs while below `maxWorkers`. */
  spareWorkers: number
  /** A job running longer has its worker's thread lowered by `slowJobNice` (Linux). */
  slowJobMs: number
  slowJobNice: number
  idleRetireMs: number
}

export interface JobOptions {
  timeoutMs: number
  /** The error of a job whose worker was terminated at the deadline. */
  onTimeout: () => Error
  /** The error of a job whose worker ran out of heap. */
  onOutOfMemory: () => Error
  /** The error of a job refused because the queue is full or it waited out its time limit. */
  onBusy: (reason: string) => Error
  /**
   * Not refused when the queue is full: for work whose count is already bounded elsewhere (a
   * listen filter per open stream per commit, streams capped per client), where refusing would
   * close a healthy stream on an ordinary burst of saves.
   */
  exemptFromQueueLimit?: boolean
}

interface Job extends JobOptions {
  id: number
  message: unknown
  resolve: (value: unknown) => void
  reject: (err: Error) => void
  queueTimer?: NodeJS.Timeout
}

interface Slot {
  worker: Worker
  ready: boolean
  job: Job | null
  /** Jobs finished: the busiest idle worker has the warmest caches and compiled code. */
  served: number
  /** The kernel thread id (Linux), for lowering the priority of a slow job. */
  threadId: number | null
  slowTimer?: NodeJS.Timeout
  /** Runs at a lower priority since a slow job: used last, retired when idle. */
  lowered: boolean
  deadline?: NodeJS.Timeout
  idleTimer?: NodeJS.Timeout
  failure?: Error
}

export class WorkerPool {
  private readonly slots = new Set<Slot>()
  private readonly queue: Job[] = []
  private nextId = 1
  private closed = false
  private bootFailures = 0
  private lastBootError: Error | null = null

  constructor(private readonly opts: WorkerPoolOptions) {
    this.ensureCapacity()
  }

  run<T>(message: unknown, job: JobOptions): Promise<T> {
    if (this.closed) return Promise.reject(job.onBusy('the lake is closing'))
    if (!job.exemptFromQueueLimit && this.queue.length >= this.opts.queueLimit) {
      return Promise.reject(job.onBusy(`all ${this.slots.size} query workers are busy and ${this.queue.length} queries are waiting`))
    }
    if (this.bootFailures >= 3 && this.readySlots() === 0) {
      this.bootFailures = 2 // let this request try one more worker, then fail fast again
      this.ensureCapacity()
    }
    return new Promise<T>((resolve, reject) => {
      const queued: Job = { ...job, id: this.nextId++, message, resolve: resolve as (value: unknown) => void, reject }
      queued.queueTimer = setTimeout(() => {
        const at = this.queue.indexOf(queued)
        if (at < 0) return
        this.queue.splice(at, 1)
        reject(job.onBusy(`no query worker became free within ${2 * job.timeoutMs} ms`))
      }, 2 * job.timeoutMs)
      this.queue.push(queued)
      this.pump()
    })
  }

  /** Workers alive (booting, idle or busy) and jobs waiting, for tests and diagnostics. */
  stats(): { workers: number; busy: number; queued: number } {
    let busy = 0
    for (const slot of this.slots) if (slot.job) busy++
    return { workers: this.slots.size, busy, queued: this.queue.length }
  }

  /** Refuses queued jobs, fails running ones and terminates every worker. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    for (const job of this.queue.splice(0)) {
      clearTimeout(job.queueTimer)
      job.reject(job.onBusy('the lake is closing'))
    }
    const exits: Promise<unknown>[] = []
    for (const slot of [...this.slots]) {
      this.remove(slot)
      slot.job?.reject(slot.job.onBusy('the lake is closing'))
      exits.push(slot.worker.terminate().catch(() => undefined))
    }
    await Promise.all(exits)
  }

  private readySlots(): number {
    let ready = 0
    for (const slot of this.slots) if (slot.ready) ready++
    return ready
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const slot = this.pickIdle()
      if (!slot) break
      this.start(slot, this.queue.shift() as Job)
    }
    this.ensureCapacity()
  }

  /** An idle worker at full priority if there is one, the one with the warmest caches first. */
  private pickIdle(): Slot | undefined {
    let best: Slot | undefined
    for (const slot of this.slots) {
      if (!slot.ready || slot.job) continue
      if (!best || (best.lowered && !slot.lowered) || (best.lowered === slot.lowered && slot.served > best.served)) best = slot
    }
    return best
  }

  /**
   * Keeps `workers` alive, plus one free (starting or idle) full-priority worker per waiting job
   * and the spares; at `maxWorkers`, idle lowered workers make room.
   */
  private ensureCapacity(): void {
    if (this.closed || this.bootFailures >= 3) {
      if (this.bootFailures >= 3 && this.readySlots() === 0) this.failQueued(this.lastBootError)
      return
    }
    let free = 0
    for (const slot of this.slots) if (!slot.job && !slot.lowered) free++
    while (this.slots.size < this.opts.workers || free < this.queue.length + this.opts.spareWorkers) {
      if (this.slots.size >= this.opts.maxWorkers && !this.retireOneLowered()) return
      this.spawn()
      free++
    }
  }

  private retireOneLowered(): boolean {
    for (const slot of this.slots) {
      if (slot.lowered && !slot.job) {
        this.retire(slot)
        return true
      }
    }
    return false
  }

  private retire(slot: Slot): void {
    this.remove(slot)
    slot.worker.terminate().catch(() => undefined)
  }

  private spawn(): void {
    const worker = new Worker(this.opts.entry, {
      workerData: this.opts.workerData,
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: this.opts.memoryMb },
    })
    worker.unref()
    const slot: Slot = { worker, ready: false, job: null, served: 0, threadId: null, lowered: false }
    this.slots.add(slot)
    worker.on('message', (reply: WorkerReply) => this.onReply(slot, reply))
    worker.on('error', (err) => {
      slot.failure = err
    })
    worker.on('exit', () => this.onExit(slot))
  }

  private start(slot: Slot, job: Job): void {
    clearTimeout(job.queueTimer)
    clearTimeout(slot.idleTimer)
    slot.job = job
    slot.worker.ref() // a caller awaiting the job keeps the process alive
    slot.worker.postMessage({ id: job.id, task: job.message })
    slot.deadline = setTimeout(() => this.terminate(slot, job.onTimeout()), job.timeoutMs + this.opts.hardDeadlineGraceMs)
    if (slot.threadId !== null) slot.slowTimer = setTimeout(() => this.lowerPriority(slot), this.opts.slowJobMs)
  }

  /**
   * Lowers the CPU priority of a worker on a slow job: the server thread and the workers of short
   * jobs then get the CPU first. Unprivileged processes cannot raise it again, so the worker is
   * used last from then on and retired once idle.
   */
  private lowerPriority(slot: Slot): void {
    if (!slot.job || slot.lowered || slot.threadId === null) return
    try {
      os.setPriority(slot.threadId, Math.min(19, os.getPriority(slot.threadId) + this.opts.slowJobNice))
      slot.lowered = true
    } catch {
      // The thread ended in the meantime (its exit is handled by onExit).
    }
  }

  private onReply(slot: Slot, reply: WorkerReply): void {
    if ('ready' in reply) {
      slot.threadId = reply.threadId
      slot.ready = true
      this.bootFailures = 0
      this.becomeIdle(slot)
      this.pump()
      return
    }
    const job = slot.job
    if (!job || job.id !== reply.id) return
    clearTimeout(slot.deadline)
    clearTimeout(slot.slowTimer)
    slot.job = null
    slot.served++
    if (reply.ok) job.resolve(reply.value)
    else job.reject(deserializeError(reply.error))
    this.becomeIdle(slot)
    this.pump()
  }

  /** Idle workers above `workers`, and lowered ones, retire after `idleRetireMs` without work. */
  private becomeIdle(slot: Slot): void {
    slot.worker.unref()
    if (this.slots.size <= this.opts.workers && !slot.lowered) return
    slot.idleTimer = setTimeout(() => {
      if (slot.job || !this.slots.has(slot) || (this.slots.size <= this.opts.workers && !slot.lowered)) return
      this.retire(slot)
      this.ensureCapacity()
    }, this.opts.idleRetireMs)
    slot.idleTimer.unref?.()
  }

  /** Stops a worker whose job ran past its deadline; the job fails with `error`. */
  private terminate(slot: Slot, error: Error): void {
    const job = slot.job
    this.retire(slot)
    job?.reject(error)
    this.pump()
  }

  /** A worker that exited on its own: crashed, ran out of heap, or failed to boot. */
  private onExit(slot: Slot): void {
    if (!this.slots.has(slot)) return // terminated by the pool
    this.remove(slot)
    const failure = slot.failure ?? new Error('worker exited')
    const job = slot.job
    if (job) {
      const outOfMemory = (failure as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY'
      job.reject(outOfMemory ? job.onOutOfMemory() : new Error(`Query worker stopped unexpectedly: ${failure.message}`))
    } else if (!slot.ready) {
      this.bootFailures++
      this.lastBootError = new Error(`Query worker failed to start: ${failure.message}`)
    }
    this.pump()
  }

  private remove(slot: Slot): void {
    this.slots.delete(slot)
    clearTimeout(slot.deadline)
    clearTimeout(slot.slowTimer)
    clearTimeout(slot.idleTimer)
  }

  private failQueued(error: Error | null): void {
    for (const job of this.queue.splice(0)) {
      clearTimeout(job.queueTimer)
      job.reject(error ?? new Error('Query workers failed to start'))
    }
  }
}
