/**
 * The messages between the worker pool and its workers: a job is `{id, task}`; a worker answers
 * `{ready}` once after starting, then one reply per job. Errors cross the thread boundary as plain
 * data, and a LakeError comes back as a LakeError (same status, body and headers).
 */

import { LakeError } from './errors'

/** What a worker posts back for job `id`. Errors are plain data (see `serializeError`). */
export type WorkerReply = { ready: true; threadId: number | null } | { id: number; ok: true; value: unknown } | { id: number; ok: false; error: SerializedError }

export type SerializedError =
  | { lake: true; statusCode: number; message: string; body: Record<string, unknown>; headers: Record<string, string> }
  | { lake: false; message: string; stack?: string }

export function serializeError(err: unknown): SerializedError {
  if (err instanceof LakeError) {
    return { lake: true, statusCode: err.statusCode, message: err.message, body: err.body, headers: err.headers ?? {} }
  }
  return { lake: false, message: err instanceof Error ? err.message : String(err), stack: err instanceof Error ? err.stack : undefined }
}

export function deserializeError(error: SerializedError): Error {
  if (error.lake) return new LakeError(error.statusCode, error.message, error.body, error.headers)
  const err = new Error(`Query worker failed: ${error.message}`)
  if (error.stack) err.stack = `${err.message}\n  in the worker: ${error.stack}`
  return err
}
