/**
 * Editor sign-in the way hosted Sanity does cookie login. Studio (`auth.loginMethod: 'cookie'`)
 * sends a signed-out editor to `GET /auth/sign-in?origin=<studio URL>`, the lake's own page. The
 * form posts the token to `POST /auth/sign-in`; with a current editor's token the lake starts a
 * session, sets it as an HttpOnly cookie and redirects (303) back to the Studio URL, which must be
 * on an allowed Studio origin (no open redirect). `POST /v<date>/auth/logout` (Studio's Sign out)
 * ends the session and clears the cookie. Wrong tokens count against the client's address (429).
 */

import type { IncomingMessage, ServerResponse } from 'node:http'
import { isLakeError, methodNotAllowed, originNotAllowed } from '../errors'
import { clientAddressOf } from '../http/client-limits'
import { readBody, sendJson } from '../http/request'
import { sessionEditorOf } from './auth'
import type { EditorRegistry } from './editors'
import type { FailedTokenAttempts } from './failed-token-attempts'
import { clearedSessionCookie, sessionCookie, sessionIdOf } from './session-cookie'
import type { EditorSessions } from './sessions'
import { sendSignInPage } from './sign-in-page'
import { lakeOriginOf, type StudioOrigins } from './studio-origins'

export const SIGN_IN_PATH = '/auth/sign-in'
const FORM_BODY_LIMIT = 4096

export const SESSION_ENDED_MESSAGE =
  'Your session has ended: you signed out, it expired, or your editor access was removed. Sign in again with a current editor token.'
export const WRONG_TOKEN_MESSAGE =
  'That token is not valid: it may be mistyped, or the editor was removed or given a new token. Ask an administrator for a current one.'

export interface SignInDeps {
  editors: EditorRegistry
  sessions: EditorSessions
  studioOrigins: StudioOrigins
  failedAttempts: FailedTokenAttempts
}

export function createSignIn(deps: SignInDeps) {
  const origins = deps.studioOrigins.list()
  const page = (res: ServerResponse, status: number, returnUrl: string | null, message?: string, tone?: 'info' | 'problem', headers?: Record<string, string>) =>
    sendSignInPage(res, status, { returnUrl, message, tone, studioOrigins: origins }, headers)

  const showForm = (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const rawOrigin = url.searchParams.get('origin')
    const returnUrl = deps.studioOrigins.returnUrl(rawOrigin)
    if (rawOrigin !== null && returnUrl === null) {
      page(res, 400, null, 'This sign-in link does not come from an allowed Studio page, so it cannot be used.', 'problem')
      return
    }
    // A cookie that no longer names a session: the editor was signed out, expired or removed.
    const stale = sessionIdOf(req) !== null && deps.sessions.editorOf(sessionIdOf(req) as string) === null
    if (stale) page(res, 200, returnUrl, SESSION_ENDED_MESSAGE, 'info', { 'set-cookie': clearedSessionCookie() })
    else page(res, 200, returnUrl)
  }

  const signIn = async (req: IncomingMessage, res: ServerResponse) => {
    // Only the lake's own form may sign a browser in (no login CSRF from another page).
    if (req.headers.origin !== lakeOriginOf(req)) throw originNotAllowed('Sign in through the lake\'s own sign-in page')
    const form = new URLSearchParams((await readBody(req, FORM_BODY_LIMIT)).toString('utf8'))
    const returnUrl = deps.studioOrigins.returnUrl(form.get('origin'))
    if (!returnUrl) {
      page(res, 400, null, 'This sign-in form does not name an allowed Studio page to return to.', 'problem')
      return
    }
    const token = (form.get('token') ?? '').trim()
    const editor = token ? deps.editors.byToken(token) : null
    if (!editor) {
      try {
        deps.failedAttempts.recordFailure(clientAddressOf(req.socket))
      } catch (error) {
        if (!isLakeError(error)) throw error
        page(res, 429, returnUrl, `${error.message}.`, 'problem', error.headers)
        return
      }
      page(res, 401, returnUrl, WRONG_TOKEN_MESSAGE, 'problem')
      return
    }
    const session = deps.sessions.create(editor)
    res.writeHead(303, { location: returnUrl, 'set-cookie': sessionCookie(session.id, deps.sessions.lifetimeSeconds), 'cache-control': 'no-store' })
    res.end()
  }

  return {
    /** Answers the sign-in page's own path; false for any other path. */
    async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
      if (url.pathname !== SIGN_IN_PATH) return false
      if (req.method === 'GET' || req.method === 'HEAD') showForm(req, res, url)
      else if (req.method === 'POST') await signIn(req, res)
      else throw methodNotAllowed(req.method ?? '')
      return true
    },

    /** `POST /v<date>/auth/logout`: ends the cookie's session (from an allowed origin) and clears it. */
    logout(req: IncomingMessage, res: ServerResponse): void {
      if (req.method !== 'POST') throw methodNotAllowed(req.method ?? '')
      req.resume()
      const sessionId = sessionIdOf(req)
      if (sessionId) {
        sessionEditorOf(req, deps)
        deps.sessions.destroy(sessionId)
      }
      sendJson(res, 200, {}, sessionId ? { 'set-cookie': clearedSessionCookie() } : {})
    },
  }
}
