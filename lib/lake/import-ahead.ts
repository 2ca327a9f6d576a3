/**
 * Bulk import on two cores: a worker thread (`import-worker-main.ts`) reads and parses the file
 * and computes each document's index rows (`index-rows-ahead.ts`: its search index text, the
 * heaviest part of a write after SQLite's own) while this thread writes the batches before it.
 * The lines come back in file order, a few batches ahead at most (`BATCHES_AHEAD`), with the
 * problem of a line that is not a document; the worker's own failures (a file that cannot be read)
 * are thrown here as they would be on this thread.
 */

import path from 'node:path'
import { Worker } from 'node:worker_threads'
import type { IndexRowsAhead } from './index-rows-ahead'

/** A line of the file as the writer needs it. */
export interface AheadLine {
  /** 1-based line number. */
  line: number
  text: string
  /** Bytes of the file read up to the end of this line. */
  bytes: number
  /** Why the line is not a document (the import stops there). */
  problem?: string
  /** Its index rows, unless the writer must compute them (documents with `_sanityAsset` files). */
  ahead?: IndexRowsAhead
}

export interface ImportWorkerData {
  file: string
  batchSize: number
  /** The search index's key codes when the import starts (the worker learns new ones with each credit). */
  keyCodes: [string, number][]
  /** Batches the worker may post before the writer takes one. */
  credits: number
}

/** The writer took a batch (one more may be posted); the search key codes it has committed. */
export interface ImportWorkerCredit {
  keyCodes: [string, number][]
}

export interface ImportWorkerMessage {
  lines: AheadLine[]
  done?: boolean
}

/**
 * Batches the worker prepares beyond the one the writer is writing (each one transaction's lines,
 * ~4 MB with their index rows at 500 stories). The worker needs a quarter of the writer's time
 * per batch, so one is enough to keep the writer busy; each more costs memory on both threads.
 */
const BATCHES_AHEAD = 1
/** The worker's heap: a batch of lines, documents and index rows (the import's RSS budget is for both threads). */
const WORKER_HEAP = { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 8 }

/** A line parsed as a document, or why it is not one (the import's messages). */
export function parseDocumentLine(text: string): { doc: Record<string, unknown> } | { problem: string } {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch (err) {
    return { problem: `invalid JSON (${(err as Error).message})` }
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return { problem: 'not a document' }
  return { doc: doc as Record<string, unknown> }
}

/**
 * The file's non-blank lines with their index rows, computed on a worker thread. `keyCodes`: the
 * search index's key codes as committed (read when the writer takes a batch, i.e. after it
 * committed the one before).
 */
export async function* linesAhead(file: string, batchSize: number, keyCodes: () => [string, number][]): AsyncGenerator<AheadLine> {
  const workerData: ImportWorkerData = { file: path.resolve(file), batchSize, keyCodes: keyCodes(), credits: BATCHES_AHEAD }
  const worker = new Worker(path.join(__dirname, 'import-worker.js'), {
    workerData,
    execArgv: [],
    resourceLimits: WORKER_HEAP,
  })
  const queue: ImportWorkerMessage[] = []
  let failure: Error | null = null
  let exited = false
  let wake: (() => void) | null = null
  const notify = () => {
    wake?.()
    wake = null
  }
  worker.on('message', (message: ImportWorkerMessage) => {
    queue.push(message)
    notify()
  })
  worker.on('error', (err) => {
    failure = err
    notify()
  })
  worker.on('exit', (code) => {
    exited = true
    failure ??= code === 0 ? null : new Error(`the import's worker thread stopped (exit code ${code})`)
    notify()
  })
  try {
    for (;;) {
      const message = queue.shift()
      if (message) {
        if (!message.done) worker.postMessage({ keyCodes: keyCodes() } satisfies ImportWorkerCredit)
        yield* message.lines
        if (message.done) return
        continue
      }
      if (failure) throw failure
      if (exited) throw new Error("the import's worker thread stopped before the end of the file")
      await new Promise<void>((resolve) => (wake = resolve))
    }
  } finally {
    await worker.terminate()
  }
}
