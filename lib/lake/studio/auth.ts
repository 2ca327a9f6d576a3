/**
 * Who is calling: the lake's own token (the site's server token), a named editor's token, a
 * signed-in editor's session cookie, or nobody. Editor tokens and sessions are accepted wherever
 * the lake token is; the caller's identity is kept per request so the write routes can stamp it on
 * transactions. A session cookie counts only from an allowed Studio origin (CSRF, ADR 0012).
 */

import type { IncomingMessage } from 'node:http'
import { isLakeError, originNotAllowed, unauthorized } from '../errors'
import { clientAddressOf } from '../http/client-limits'
import { authenticate, safeTokenEqual } from '../http/request'
import type { Editor, EditorRegistry } from './editors'
import type { FailedTokenAttempts } from './failed-token-attempts'
import { sessionIdOf } from './session-cookie'
import type { EditorSessions } from './sessions'
import { lakeOriginOf, type StudioOrigins } from './studio-origins'

/** The identity stamped on transactions made with the lake's own token. */
export const LAKE_TOKEN_IDENTITY = 'lake-token'

export interface Caller {
  /** Stamped on transactions and shown by Studio. */
  id: string
  name: string
  editor: Editor | null
  /** How the caller proved who they are. */
  via: 'token' | 'session'
}

export interface CallerChecks {
  lakeToken: string | undefined
  /** The site reader credential (`site-reader.ts`): anonymous rights, a budget of its own. */
  siteReaderToken?: string
  editors: EditorRegistry
  sessions: EditorSessions
  studioOrigins: StudioOrigins
  failedAttempts?: FailedTokenAttempts
}

const callers = new WeakMap<IncomingMessage, Caller>()
const siteReaderRequests = new WeakSet<IncomingMessage>()

function bearerOf(req: IncomingMessage): string | null {
  const header = req.headers.authorization
  if (!header) return null
  const match = /^Bearer\s+(.+)$/i.exec(header.trim())
  return match ? match[1].trim() : null
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * The editor of a request's session cookie, or null (no cookie, or one that is unknown, expired,
 * signed out or of a removed editor: the request is then anonymous). A session request whose
 * Origin is neither an allowed Studio origin nor the lake's own is refused (403); so is a write
 * (any method but GET/HEAD/OPTIONS) without an Origin, which browsers always send on writes.
 */
export function sessionEditorOf(req: IncomingMessage, checks: Pick<CallerChecks, 'sessions' | 'studioOrigins'>): Editor | null {
  const sessionId = sessionIdOf(req)
  if (!sessionId) return null
  const editor = checks.sessions.editorOf(sessionId)
  if (!editor) return null
  const origin = req.headers.origin
  if (origin === undefined) {
    if (!SAFE_METHODS.has(req.method ?? 'GET')) throw originNotAllowed('A write with a session cookie must come from the Studio (no Origin header)')
  } else if (!checks.studioOrigins.allows(origin) && origin !== lakeOriginOf(req)) {
    throw originNotAllowed(`Origin ${origin.slice(0, 100)} is not an allowed Studio origin for a session cookie`)
  }
  return editor
}

/**
 * Like `authenticate`, but an editor's token or session also counts. No header and no session:
 * anonymous (false). The site reader credential: anonymous too (false), counted as the site
 * reader's client (`isSiteReader`). A token that is neither the lake's nor a current editor's:
 * 401, or 429 once its client address has failed too often (`failedAttempts`). A bearer token
 * wins over a cookie.
 */
export function authenticateCaller(req: IncomingMessage, checks: CallerChecks): boolean {
  const { lakeToken, editors, failedAttempts } = checks
  const bearer = bearerOf(req)
  if (bearer) {
    if (checks.siteReaderToken && safeTokenEqual(bearer, checks.siteReaderToken)) {
      siteReaderRequests.add(req)
      return false
    }
    const editor = editors.byToken(bearer)
    if (editor) {
      callers.set(req, { id: editor.id, name: editor.name, editor, via: 'token' })
      return true
    }
  } else if (!req.headers.authorization) {
    const editor = sessionEditorOf(req, checks)
    if (editor) {
      callers.set(req, { id: editor.id, name: editor.name, editor, via: 'session' })
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
  if (ok) callers.set(req, { id: LAKE_TOKEN_IDENTITY, name: 'Site server token', editor: null, via: 'token' })
  return ok
}

/** True when the request carried the site reader credential (after `authenticateCaller`). */
export function isSiteReader(req: IncomingMessage): boolean {
  return siteReaderRequests.has(req)
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
