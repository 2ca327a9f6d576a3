/**
 * A pool of worker threads with a hard deadline per job and fair lanes. Each job runs alone on one
 * worker; a job past its deadline has its worker terminated (`worker.terminate()` stops any
 * JavaScript, even a backtracking regular expression) and a fresh worker takes its place.
 *
 * Lanes (the caller says which, `JobOptions.lane`):
 * - `cheap`: short work (by plan or by history). Started first, on a full-priority worker; at
 *   most `maxWorkers - heavySlots - backgroundSlots` workers are ever out of its reach, so a cheap
 *   job never waits behind long ones. A cheap job still running after `slowJobMs` is demoted: its
 *   worker is lowered (Linux nice) and it counts as heavy; if that puts more than `heavySlots`
 *   heavy jobs on workers, it is stopped and queued again in the heavy lane.
 * - `heavy`: known to be costly. At most `heavySlots` at once (one client at most
 *   `heavySlots - 1`), lowered after `slowJobMs`, taken from a `FairQueue`: the client with the
 *   least recent worker time goes first. A client over its budget of worker time is refused.
 * - `background`: anonymous listen-filter matching, with its own slots, queue and budget.
 *
 * Workers (`worker-slots.ts` starts, lowers and retires them): `workers` stay running; more start
 * up to `maxWorkers` (plus `spareWorkers` free ones kept booting or idle for cheap jobs: a worker
 * takes ~0.2 s to start). Lowered workers take only heavy and background jobs and retire after
 * `idleRetireMs` idle, or at once to make room.
 */

import { ClientUsage, FairQueue } from './fair-queue'
import type { Job, JobLane, JobOptions, WorkerPoolOptions } from './worker-jobs'
import { deserializeError, type WorkerReply } from './worker-protocol'
import { WorkerSlots, type Slot } from './worker-slots'

/** How long queued jobs wait for the pool's first workers to start before they count as refused. */
const WORKER_BOOT_WAIT_MS = 15_000

export class WorkerPool {
  private readonly slots: WorkerSlots
  private readonly cheap: Job[] = []
  private readonly heavy = new FairQueue<Job>()
  private readonly background = new FairQueue<Job>()
  private readonly usage: ClientUsage
  private nextId = 1
  private closed = false
  private bootFailures = 0
  private lastBootError: Error | null = null

  constructor(private readonly opts: WorkerPoolOptions) {
    this.usage = new ClientUsage(opts.usageHalfLifeMs)
    this.slots = new WorkerSlots(opts, {
      ready: (slot) => {
        this.bootFailures = 0
        this.becomeIdle(slot)
        this.pump()
      },
      reply: (slot, reply) => this.onReply(slot, reply),
      exited: (slot) => this.onExit(slot),
    })
    this.ensureCapacity()
  }

  run<T>(message: unknown, options: JobOptions): Promise<T> {
    if (this.closed) return Promise.reject(options.onBusy('the lake is closing'))
    const waiting = this.cheap.length + this.heavy.size
    if (options.lane !== 'background' && !options.exemptFromQueueLimit && waiting >= this.opts.queueLimit) {
      return Promise.reject(options.onBusy(`all ${this.slots.size} query workers are busy and ${waiting} queries are waiting`))
    }
    if (options.lane !== 'cheap') {
      const budget = options.lane === 'background' ? this.opts.backgroundBudgetMs : this.opts.clientBudgetMs
      const waitMs = this.usage.msUntilBelow(this.usageKey(options), budget)
      if (waitMs > 0) return Promise.reject(options.onOverBudget(Math.max(1, Math.ceil(waitMs / 1000))))
    }
    if (this.bootFailures >= 3 && this.slots.readyCount() === 0) {
      this.bootFailures = 2 // let this request try one more worker, then fail fast again
      this.ensureCapacity()
    }
    return new Promise<T>((resolve, reject) => {
      const job: Job = { ...options, id: this.nextId++, message, resolve: resolve as (value: unknown) => void, reject, demoted: false, startedAt: 0 }
      this.enqueue(job)
      this.pump()
    })
  }

  /** Workers alive (booting, idle or busy) and jobs waiting, for tests and diagnostics. */
  stats(): { workers: number; busy: number; queued: number; heavy: number; background: number } {
    let busy = 0
    for (const slot of this.slots) if (slot.job) busy++
    return { workers: this.slots.size, busy, queued: this.cheap.length + this.heavy.size + this.background.size, heavy: this.running('heavy'), background: this.running('background') }
  }

  /** Refuses queued jobs, fails running ones and terminates every worker. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.failQueued(null, 'the lake is closing')
    const running = [...this.slots].flatMap((slot) => (slot.job ? [slot.job] : []))
    const stopped = this.slots.retireAll()
    for (const job of running) job.reject(job.onBusy('the lake is closing'))
    await stopped
  }

  /** Listen matching has a budget of its own, apart from the same client's queries. */
  private usageKey(job: { lane: JobLane; client: string }): string {
    return job.lane === 'background' ? `listen ${job.client}` : job.client
  }

  private enqueue(job: Job): void {
    if (job.lane === 'cheap') this.cheap.push(job)
    else (job.lane === 'heavy' ? this.heavy : this.background).push(job)
    this.armQueueTimer(job, job.maxWaitMs ?? 2 * job.timeoutMs, Date.now())
  }

  /**
   * Refuses a job still queued after `waitMs`. A pool with workers still starting (a lake just
   * started on a loaded machine, or a worker being replaced) is not full: its jobs wait for them,
   * up to WORKER_BOOT_WAIT_MS, instead of answering 503 while capacity is on its way.
   */
  private armQueueTimer(job: Job, waitMs: number, queuedAt: number): void {
    job.queueTimer = setTimeout(() => {
      if (this.slots.size > this.slots.readyCount() && this.bootFailures < 3 && !this.closed && Date.now() - queuedAt < WORKER_BOOT_WAIT_MS) {
        this.armQueueTimer(job, Math.min(waitMs, 250), queuedAt)
        return
      }
      const removed = job.lane === 'cheap' ? removeFrom(this.cheap, job) : (job.lane === 'heavy' ? this.heavy : this.background).remove(job)
      if (removed) job.reject(job.onBusy(`no query worker became free within ${Date.now() - queuedAt} ms`))
    }, waitMs)
  }

  /** Jobs of a lane on workers (a demoted cheap job counts as heavy). */
  private running(lane: JobLane, client?: string): number {
    let count = 0
    for (const slot of this.slots) {
      const job = slot.job
      if (!job || (client !== undefined && job.client !== client)) continue
      const jobLane = job.lane === 'cheap' && job.demoted ? 'heavy' : job.lane
      if (jobLane === lane) count++
    }
    return count
  }

  private pump(): void {
    for (;;) {
      if (this.cheap.length > 0) {
        const slot = this.slots.pickIdle(false)
        if (slot) {
          this.start(slot, this.cheap.shift() as Job)
          continue
        }
      }
      if (this.startFrom(this.heavy, 'heavy', this.opts.heavySlots) || this.startFrom(this.background, 'background', this.opts.backgroundSlots)) continue
      break
    }
    this.ensureCapacity()
  }

  /** Starts the fairest eligible job of a heavy or background queue if the lane has a free slot. */
  private startFrom(queue: FairQueue<Job>, lane: JobLane, slots: number): boolean {
    if (queue.size === 0 || this.running(lane) >= slots) return false
    // One client holds at most all slots but one, so another client's job never waits for a
    // whole batch of its long jobs.
    const perClient = Math.max(1, slots - 1)
    const job = queue.peek(this.usage, (client) => this.running(lane, client) < perClient)
    const slot = job && this.slots.pickIdle(true)
    if (!job || !slot) return false
    queue.remove(job)
    this.start(slot, job)
    return true
  }

  /**
   * Keeps `workers` alive, plus a free full-priority worker per waiting cheap job and the spares,
   * and a lowered worker for each heavy or background job that has a free lane slot; at
   * `maxWorkers`, idle lowered workers make room for full-priority ones.
   */
  private ensureCapacity(): void {
    if (this.closed || this.bootFailures >= 3) {
      if (this.bootFailures >= 3 && this.slots.readyCount() === 0) this.failQueued(this.lastBootError, null)
      return
    }
    let { full: freeFull, lowered: freeLowered } = this.slots.freeCounts()
    const laneWork = Math.min(this.heavy.size, Math.max(0, this.opts.heavySlots - this.running('heavy'))) +
      Math.min(this.background.size, Math.max(0, this.opts.backgroundSlots - this.running('background')))
    while (this.slots.size < this.opts.workers || freeFull < this.cheap.length + this.opts.spareWorkers) {
      if (this.slots.size >= this.opts.maxWorkers) {
        if (!this.slots.retireOneLowered()) return
        freeLowered--
      }
      this.slots.spawn(false)
      freeFull++
    }
    // Heavy and background work gets workers that start lowered: their start-up (compiling the
    // lake's code, ~1 s of CPU) never competes with cheap queries either.
    while (freeLowered < laneWork && this.slots.size < this.opts.maxWorkers) {
      this.slots.spawn(true)
      freeLowered++
    }
  }

  private start(slot: Slot, job: Job): void {
    clearTimeout(job.queueTimer)
    clearTimeout(slot.idleTimer)
    slot.job = job
    job.startedAt = performance.now()
    slot.worker.ref() // a caller awaiting the job keeps the process alive
    slot.worker.postMessage({ id: job.id, task: job.message })
    slot.deadline = setTimeout(() => this.terminate(slot, job.onTimeout()), job.timeoutMs + this.opts.hardDeadlineGraceMs)
    slot.slowTimer = setTimeout(() => (job.lane === 'cheap' ? this.demote(slot, job) : this.slots.lowerPriority(slot)), this.opts.slowJobMs)
  }

  /**
   * A cheap job past `slowJobMs` becomes heavy: its worker is lowered; when the heavy lane is
   * already full it is stopped and waits in the heavy lane like any other heavy job.
   */
  private demote(slot: Slot, job: Job): void {
    if (slot.job !== job) return
    job.demoted = true
    if (this.running('heavy') <= this.opts.heavySlots) {
      this.slots.lowerPriority(slot)
      return
    }
    this.usage.add(job.client, performance.now() - job.startedAt)
    this.slots.retire(slot)
    clearTimeout(job.queueTimer)
    job.lane = 'heavy'
    this.enqueue(job)
    this.pump()
  }

  private onReply(slot: Slot, reply: Exclude<WorkerReply, { ready: true }>): void {
    const job = slot.job
    if (!job || job.id !== reply.id) return
    clearTimeout(slot.deadline)
    clearTimeout(slot.slowTimer)
    slot.job = null
    slot.served++
    this.settle(job, false)
    if (reply.ok) job.resolve(reply.value)
    else job.reject(deserializeError(reply.error))
    this.becomeIdle(slot)
    this.pump()
  }

  private settle(job: Job, timedOut: boolean): void {
    const ms = performance.now() - job.startedAt
    this.usage.add(this.usageKey(job), ms)
    job.onSettled?.({ ms, demoted: job.demoted, timedOut })
  }

  /** Idle workers above `workers`, and lowered ones, retire after `idleRetireMs` without work. */
  private becomeIdle(slot: Slot): void {
    slot.worker.unref()
    if (this.slots.size <= this.opts.workers && !slot.lowered) return
    slot.idleTimer = setTimeout(() => {
      if (slot.job || !this.slots.has(slot) || (this.slots.size <= this.opts.workers && !slot.lowered)) return
      this.slots.retire(slot)
      this.ensureCapacity()
    }, this.opts.idleRetireMs)
    slot.idleTimer.unref?.()
  }

  /** Stops a worker whose job ran past its deadline; the job fails with `error`. */
  private terminate(slot: Slot, error: Error): void {
    const job = slot.job
    this.slots.retire(slot)
    if (job) this.settle(job, true)
    job?.reject(error)
    this.pump()
  }

  /** A worker that exited on its own (`WorkerSlots` has forgotten it): crashed, ran out of heap, or failed to boot. */
  private onExit(slot: Slot): void {
    const failure = slot.failure ?? new Error('worker exited')
    const job = slot.job
    if (job) {
      this.settle(job, false)
      const outOfMemory = (failure as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY'
      job.reject(outOfMemory ? job.onOutOfMemory() : new Error(`Query worker stopped unexpectedly: ${failure.message}`))
    } else if (!slot.ready) {
      this.bootFailures++
      this.lastBootError = new Error(`Query worker failed to start: ${failure.message}`)
    }
    this.pump()
  }

  private failQueued(error: Error | null, busyReason: string | null): void {
    for (const job of [...this.cheap.splice(0), ...this.heavy.drain(), ...this.background.drain()]) {
      clearTimeout(job.queueTimer)
      job.reject(busyReason ? job.onBusy(busyReason) : (error ?? new Error('Query workers failed to start')))
    }
  }
}

function removeFrom<T>(list: T[], item: T): boolean {
  const at = list.indexOf(item)
  if (at < 0) return false
  list.splice(at, 1)
  return true
}
