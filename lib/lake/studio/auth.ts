/**
 * Who is calling: the lake's own token (the site's server token), a named editor's token, or
 * nobody. Editor tokens are accepted wherever the lake token is; the caller's identity is kept
 * per request so the write routes can stamp it on transactions.
 */

import type { IncomingMessage } from 'node:http'
import { isLakeError, unauthorized } from '../errors'
import { clientAddressOf } from '../http/client-limits'
import { authenticate } from '../http/request'
import type { Editor, EditorRegistry } from './editors'
import type { FailedTokenAttempts } from './failed-token-attempts'

/** The identity stamped on transactions made with the lake's own token. */
export const LAKE_TOKEN_IDENTITY = 'lake-token'

export interface Caller {
  /** Stamped on transactions and shown by Studio. */
  id: string
  name: string
  editor: Editor | null
}

const callers = new WeakMap<IncomingMessage, Caller>()

function bearerOf(req: IncomingMessage): string | null {
  const header = req.headers.authorization
  if (!header) return null
  const match = /^Bearer\s+(.+)$/i.exec(header.trim())
  return match ? match[1].trim() : null
}

/**
 * Like `authenticate`, but an editor's token also counts. No header: anonymous (false). A token
 * that is neither the lake's nor a current editor's: 401, or 429 once its client address has failed
 * too often (`failedAttempts`).
 */
export function authenticateCaller(req: IncomingMessage, lakeToken: string | undefined, editors: EditorRegistry, failedAttempts?: FailedTokenAttempts): boolean {
  const bearer = bearerOf(req)
  if (bearer) {
    const editor = editors.byToken(bearer)
    if (editor) {
      callers.set(req, { id: editor.id, name: editor.name, editor })
      return true
    }
  }
  let ok: boolean
  try {
    ok = authenticate(req, lakeToken)
  } catch (err) {
    if (failedAttempts && isLakeError(err) && err.statusCode === 401) failedAttempts.recordFailure(clientAddressOf(req.socket))
    throw err
  }
  if (ok) callers.set(req, { id: LAKE_TOKEN_IDENTITY, name: 'Site server token', editor: null })
  return ok
}

/** The authenticated caller of a request (after `authenticateCaller`), or null. */
export function callerOf(req: IncomingMessage): Caller | null {
  return callers.get(req) ?? null
}

/** The identity to stamp on a transaction made by this request. */
export function identityOf(req: IncomingMessage): string {
  return callers.get(req)?.id ?? LAKE_TOKEN_IDENTITY
}

export function requireCaller(req: IncomingMessage, what: string): Caller {
  const caller = callers.get(req)
  if (!caller) throw unauthorized(`Not authorized: ${what} requires a token`)
  return caller
}
