/**
 * The worker threads of the pool (`worker-pool.ts`), one `Slot` each: starting them (full
 * priority, or lowered before they load any code), lowering a running one, picking an idle one
 * for a job, and retiring them. What runs on them, and when, is the pool's business: a slot
 * reports a worker that is ready, a reply to a job, and a worker that exited on its own.
 */

import os from 'node:os'
import { Worker } from 'node:worker_threads'
import type { Job, WorkerPoolOptions } from './worker-jobs'
import type { WorkerReply } from './worker-protocol'

export interface Slot {
  worker: Worker
  ready: boolean
  job: Job | null
  /** Jobs finished: the busiest idle worker has the warmest caches and compiled code. */
  served: number
  /** The kernel thread id (Linux), for lowering the priority of a slow job. */
  threadId: number | null
  slowTimer?: NodeJS.Timeout
  /** Runs at a lower priority: takes heavy and background jobs only, retired when idle. */
  lowered: boolean
  deadline?: NodeJS.Timeout
  idleTimer?: NodeJS.Timeout
  failure?: Error
}

export interface SlotEvents {
  /** The worker started and can take jobs. */
  ready(slot: Slot): void
  /** The worker answered a job (possibly one the pool gave up on). */
  reply(slot: Slot, reply: Exclude<WorkerReply, { ready: true }>): void
  /** The worker exited without being retired: crashed, ran out of heap, or failed to boot. */
  exited(slot: Slot): void
}

type SlotOptions = Pick<WorkerPoolOptions, 'entry' | 'workerData' | 'memoryMb' | 'slowJobNice'>

export class WorkerSlots implements Iterable<Slot> {
  private readonly slots = new Set<Slot>()

  constructor(
    private readonly opts: SlotOptions,
    private readonly events: SlotEvents,
  ) {}

  get size(): number {
    return this.slots.size
  }

  [Symbol.iterator](): Iterator<Slot> {
    return this.slots[Symbol.iterator]()
  }

  has(slot: Slot): boolean {
    return this.slots.has(slot)
  }

  /** `lowered`: the worker lowers its own thread by `slowJobNice` before it loads anything (`--nice=`). */
  spawn(lowered: boolean): void {
    const worker = new Worker(this.opts.entry, {
      workerData: this.opts.workerData,
      argv: lowered ? [`--nice=${this.opts.slowJobNice}`] : [],
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: this.opts.memoryMb },
    })
    worker.unref()
    const slot: Slot = { worker, ready: false, job: null, served: 0, threadId: null, lowered }
    this.slots.add(slot)
    worker.on('message', (reply: WorkerReply) => {
      if (!('ready' in reply)) {
        this.events.reply(slot, reply)
        return
      }
      slot.threadId = reply.threadId
      slot.ready = true
      this.events.ready(slot)
    })
    worker.on('error', (err) => {
      slot.failure = err
    })
    worker.on('exit', () => {
      if (!this.slots.has(slot)) return // retired by the pool
      this.remove(slot)
      this.events.exited(slot)
    })
  }

  /** Forgets the slot and stops its worker. */
  retire(slot: Slot): void {
    this.remove(slot)
    slot.worker.terminate().catch(() => undefined)
  }

  /** Retires one idle lowered worker to make room; false when there is none. */
  retireOneLowered(): boolean {
    for (const slot of this.slots) {
      if (slot.lowered && !slot.job) {
        this.retire(slot)
        return true
      }
    }
    return false
  }

  /** Forgets the slot and its timers (its worker is stopped by the caller, or has exited). */
  remove(slot: Slot): void {
    this.slots.delete(slot)
    clearTimeout(slot.deadline)
    clearTimeout(slot.slowTimer)
    clearTimeout(slot.idleTimer)
  }

  /** Retires every worker (their jobs are the caller's to fail); resolves once all have stopped. */
  async retireAll(): Promise<void> {
    const exits = [...this.slots].map((slot) => {
      this.remove(slot)
      return slot.worker.terminate().catch(() => undefined)
    })
    await Promise.all(exits)
  }

  /**
   * An idle worker: for cheap jobs a full-priority one (the warmest first); for heavy and
   * background jobs a lowered one first, else the least warm full-priority one.
   */
  pickIdle(forHeavy: boolean): Slot | undefined {
    let best: Slot | undefined
    for (const slot of this.slots) {
      if (!slot.ready || slot.job || (!forHeavy && slot.lowered)) continue
      if (!best) best = slot
      else if (forHeavy ? (slot.lowered && !best.lowered) || (slot.lowered === best.lowered && slot.served < best.served) : slot.served > best.served) best = slot
    }
    return best
  }

  readyCount(): number {
    let ready = 0
    for (const slot of this.slots) if (slot.ready) ready++
    return ready
  }

  /** Workers without a job (booting or idle), by priority. */
  freeCounts(): { full: number; lowered: number } {
    let full = 0
    let lowered = 0
    for (const slot of this.slots) {
      if (slot.job) continue
      if (slot.lowered) lowered++
      else full++
    }
    return { full, lowered }
  }

  /**
   * Lowers the CPU priority of a worker: the server thread and the workers of cheap jobs then
   * get the CPU first. Unprivileged processes cannot raise it again, so the worker takes only
   * heavy and background jobs from then on.
   */
  lowerPriority(slot: Slot): void {
    if (slot.lowered || slot.threadId === null) return
    try {
      os.setPriority(slot.threadId, Math.min(19, os.getPriority(slot.threadId) + this.opts.slowJobNice))
      slot.lowered = true
    } catch {
      // The thread ended in the meantime (its exit is reported by the worker's `exit` event).
    }
  }
}
