/**
 * The body of a GROQ query worker: opens its own read-only connection to the lake's SQLite file
 * (WAL lets it read while the server writes; every statement sees the latest commit) and runs one
 * task at a time for the pool. Parsed trees and parsed documents are cached per worker. Before it
 * reports ready it runs a few representative tasks, so its first real query does not pay for
 * compiling the parser, the evaluator and the statements (tens of ms, far more on a busy CPU).
 */

import fs from 'node:fs'
import { parentPort, workerData } from 'node:worker_threads'
import { runGroqTask, type GroqTask } from './groq-tasks'
import { LakeDatabase } from './sqlite'
import { serializeError, type WorkerReply } from './worker-protocol'

export interface GroqWorkerData {
  dataDir: string
  projectId: string
  dataset: string
}

/** Index-planned and matching nothing, so they cost the same on any dataset. */
const WARM_UP: GroqTask[] = [
  { kind: 'query', query: '*[_id == $id][0]{_id, "a": author->name, "t": title match "warm*"}', params: { id: 'warm-up' }, opts: {}, timeoutMs: 1000 },
  { kind: 'query', query: '*[_type == $type] | order(_updatedAt desc)[0...2]{_id, "n": count(tags)}', params: { type: 'warm-up' }, opts: { perspective: 'drafts', authenticated: true }, timeoutMs: 1000 },
  { kind: 'query', query: '*[_type in $types && slug.current == $slug]{_id}', params: { types: ['warm-up'], slug: 'warm-up' }, opts: { perspective: 'raw' }, timeoutMs: 1000 },
  { kind: 'matchListenFilter', query: '*[_type == "warm-up"]', params: {}, docs: [[null, { _id: 'warm-up', _type: 'warm-up' }]], timeoutMs: 1000 },
]

async function main(): Promise<void> {
  const port = parentPort
  if (!port) throw new Error('groq-worker-main runs only as a worker thread')
  const { dataDir, projectId, dataset } = workerData as GroqWorkerData
  const db = new LakeDatabase(dataDir, { readonly: true })
  const context = { projectId, dataset }
  const post = (reply: WorkerReply) => port.postMessage(reply)
  for (const task of WARM_UP) await runGroqTask(db, context, task, true)
  port.on('message', ({ id, task }: { id: number; task: GroqTask }) => {
    runGroqTask(db, context, task, true).then(
      (value) => post({ id, ok: true, value }),
      (err: unknown) => post({ id, ok: false, error: serializeError(err) }),
    )
  })
  post({ ready: true, threadId: linuxThreadId() })
}

/** This thread's kernel id on Linux (the pool lowers the priority of a worker on a slow job), else null. */
function linuxThreadId(): number | null {
  if (!fs.existsSync('/proc/thread-self')) return null
  const id = Number(fs.readlinkSync('/proc/thread-self').split('/').pop())
  return Number.isInteger(id) && id > 0 ? id : null
}

main().catch((err: unknown) => {
  // The pool sees the exit before `ready` and reports a failed start.
  setImmediate(() => {
    throw err
  })
})
