/**
 * Everything Sanity Studio needs from the lake beyond queries, documents, listening and assets:
 * named editors' sign-in (the sign-in page, sessions, logout), the extra listen ports,
 * project/user endpoints, the Actions API, history, the live event
 * stream (Presentation) and the presence socket. The lake's HTTP server calls `authenticate` for
 * every API request, offers each request to `handle` before its own routes, and hands websocket
 * upgrades to `handleUpgrade`.
 */

import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import { badRequest, methodNotAllowed, notFound } from '../errors'
import { clientAddressOf } from '../http/client-limits'
import { flag, readJsonBody, safeTokenEqual, sendJson, type RequestContext } from '../http/request'
import { invalidIdReason } from '../ids'
import { siteReaderTokenFor } from '../site-reader'
import type { LakeStore } from '../store'
import { runActions } from './actions'
import { authenticateCaller, LAKE_TOKEN_IDENTITY, requireCaller, sessionEditorOf, type Caller, type CallerChecks } from './auth'
import { DocumentEventsReader, MAX_EVENTS_LIMIT } from './document-events'
import { EditorRegistry } from './editors'
import { EditorSessions } from './sessions'
import { createSignIn } from './sign-in'
import { StudioOrigins } from './studio-origins'
import { FailedTokenAttempts } from './failed-token-attempts'
import { HistoryReader } from './history'
import { KeyValueStore } from './keyvalue'
import { answerCorsCheck, createLiveEvents } from './live-events'
import { createPresenceServer } from './presence'
import { handleProjectRoute } from './project-routes'
import { referencesTo } from './references'
import { RevisionStore } from './revisions'

/** `[prefix]/v<version>/<rest>`: the version is checked by the lake's server for data routes. */
const VERSIONED_PATH = /\/v(\d{4}-\d{2}-\d{2}|1|X)\/(.+)$/
const SOCKET_PATH = /\/v(\d{4}-\d{2}-\d{2}|1|X)\/socket\/([^/?]+)$/
/** Where the Studio page learns the lake's extra listen ports (lib/studio/listen-hosts.ts). */
export const LISTEN_PORTS_PATH = '/studio/listen-ports'

export interface StudioApiOptions {
  token?: string
  /** Exact origins of the Studio pages that may use editor sessions (e.g. `http://localhost:3000`). */
  studioOrigins?: readonly string[]
  /** The extra ports listen streams may use (all served by this lake), once bound. */
  listenPorts?: () => readonly number[]
}

export interface StudioApi {
  authenticate(req: IncomingMessage): boolean
  /** The Studio origins that may use editor sessions (CORS with credentials). */
  studioOrigins: StudioOrigins
  /** True when the request was one of Studio's endpoints and has been answered. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>
  /** True when the upgrade was the presence socket and has been taken over. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean
  close(): void
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    throw badRequest(`Malformed percent-encoding in path segment "${segment.slice(0, 80)}"`)
  }
}

export function createStudioApi(store: LakeStore, opts: StudioApiOptions): StudioApi {
  const db = store.database.db
  const editors = new EditorRegistry(db)
  const sessions = new EditorSessions(db)
  const studioOrigins = new StudioOrigins(opts.studioOrigins ?? [])
  // Wrong tokens per client address: past 10 a minute, 429 with Retry-After instead of 401.
  const failedTokenAttempts = new FailedTokenAttempts()
  const siteReaderToken = opts.token ? siteReaderTokenFor(opts.token) : undefined
  const checks: CallerChecks = { lakeToken: opts.token, siteReaderToken, editors, sessions, studioOrigins, failedAttempts: failedTokenAttempts }
  const signIn = createSignIn({ editors, sessions, studioOrigins, failedAttempts: failedTokenAttempts })
  const keyvalue = new KeyValueStore(db)
  const revisions = new RevisionStore(db)
  const history = new HistoryReader(db, revisions)
  const events = new DocumentEventsReader(db)
  const live = createLiveEvents(store)
  // Inside the commit's SQLite transaction: a revision is durable exactly when its commit is.
  const stopRecording = store.onTransaction((tx) => revisions.record(tx))
  const presence = createPresenceServer({
    authorize: (token): Caller | null => {
      const editor = editors.byToken(token)
      if (editor) return { id: editor.id, name: editor.name, editor, via: 'token' }
      return opts.token && safeTokenEqual(token, opts.token) ? { id: LAKE_TOKEN_IDENTITY, name: 'Site server token', editor: null, via: 'token' } : null
    },
    // Wrong tokens on the socket count with those over HTTP, per address.
    onFailedToken: (address) => {
      try {
        failedTokenAttempts.recordFailure(address)
        return null
      } catch (error) {
        return error instanceof Error ? error.message : 'Too many failed token attempts'
      }
    },
    addressOf: (req) => clientAddressOf(req.socket),
  })

  const assertDataset = (dataset: string | undefined) => {
    if (dataset === undefined || decode(dataset) !== store.dataset) throw notFound(`Dataset "${dataset ?? ''}" not found`)
  }

  const handleData = async (ctx: RequestContext, [endpoint, dataset, ...tail]: string[]): Promise<boolean> => {
    const method = ctx.req.method ?? 'GET'
    if (endpoint === 'actions' && tail.length === 0) {
      assertDataset(dataset)
      if (method !== 'POST') throw methodNotAllowed(method)
      const caller = requireCaller(ctx.req, 'actions')
      const body = await readJsonBody(ctx.req, 'actionError')
      const dryRun = body.dryRun === true || flag(ctx.url, 'dryRun', false)
      sendJson(ctx.res, 200, await runActions(store, { actions: body.actions, transactionId: body.transactionId, dryRun }, caller.id))
      return true
    }
    if (endpoint === 'history') {
      assertDataset(dataset)
      if (method !== 'GET') throw methodNotAllowed(method)
      requireCaller(ctx.req, 'history')
      answerHistory(ctx, tail)
      return true
    }
    if (endpoint === 'references' && tail.length === 3 && tail[0] === 'documents' && tail[2] === 'to') {
      assertDataset(dataset)
      if (method !== 'GET') throw methodNotAllowed(method)
      requireCaller(ctx.req, 'references')
      const excludeInternalReferences = flag(ctx.url, 'excludeInternalReferences', false)
      sendJson(ctx.res, 200, await referencesTo(store, decode(tail[1]), { excludeInternalReferences }))
      return true
    }
    if (endpoint === 'live' && dataset === 'events' && tail.length === 1) {
      assertDataset(tail[0])
      if (method !== 'GET') throw methodNotAllowed(method)
      live.handle(ctx)
      return true
    }
    if (endpoint === 'ping') {
      sendJson(ctx.res, 200, 'PONG')
      return true
    }
    return false
  }

  const answerHistory = (ctx: RequestContext, [kind, ...rest]: string[]) => {
    const q = ctx.url.searchParams
    if (kind === 'transactions' && rest.length === 1) {
      const limit = q.has('limit') ? Number(q.get('limit')) : 100
      if (!Number.isInteger(limit) || limit < 1) throw badRequest('"limit" must be a positive integer')
      const entries = history.transactions(decode(rest[0]).split(','), {
        reverse: flag(ctx.url, 'reverse', false),
        limit,
        fromTransaction: q.get('fromTransaction') || undefined,
        toTransaction: q.get('toTransaction') || undefined,
        includeMutations: !flag(ctx.url, 'excludeMutations', false),
        includeEffects: q.get('effectFormat') === 'mendoza',
      })
      const body = entries.map((entry) => `${JSON.stringify(entry)}\n`).join('')
      ctx.res.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store' })
      ctx.res.end(body)
      return
    }
    if (kind === 'documents' && rest.length === 1) {
      const revision = q.get('revision') ?? undefined
      if (revision === '') throw badRequest('"revision" must name a revision')
      const time = q.get('time') ?? undefined
      if (time !== undefined && Number.isNaN(Date.parse(time))) throw badRequest('"time" must be an ISO 8601 date-time')
      const documents = history.documents(decode(rest[0]).split(','), { revision, time, lastRevision: flag(ctx.url, 'lastRevision', false) })
      sendJson(ctx.res, 200, { documents })
      return
    }
    if (kind === 'events' && rest.length === 2 && rest[0] === 'documents') {
      const limit = q.has('limit') ? Number(q.get('limit')) : MAX_EVENTS_LIMIT
      if (!Number.isInteger(limit) || limit < 1) throw badRequest('"limit" must be a positive integer')
      const documentId = decode(rest[1])
      const reason = invalidIdReason(documentId)
      if (reason) throw badRequest(reason)
      sendJson(ctx.res, 200, events.eventsOf(documentId, { limit: Math.min(limit, MAX_EVENTS_LIMIT), cursor: q.get('nextCursor') || undefined }))
      return
    }
    throw notFound(`No history route for ${ctx.url.pathname}`)
  }

  return {
    authenticate: (req) => authenticateCaller(req, checks),
    studioOrigins,
    async handle(req, res, url) {
      if (await signIn.handle(req, res, url)) return true
      if (url.pathname === LISTEN_PORTS_PATH) {
        if (req.method !== 'GET' && req.method !== 'HEAD') throw methodNotAllowed(req.method ?? '')
        sendJson(res, 200, { ports: opts.listenPorts?.() ?? [] })
        return true
      }
      const match = VERSIONED_PATH.exec(url.pathname)
      if (!match) return false
      const rest = match[2].split('/')
      const ctx: RequestContext = { req, res, url, apiVersion: match[1], rest: match[2], authenticated: false }
      if (rest[0] === 'data') {
        // Only Studio's data endpoints are answered here; query, doc, listen and mutate are the lake's.
        if (!['actions', 'history', 'live', 'ping', 'references'].includes(rest[1] ?? '')) return false
        ctx.authenticated = authenticateCaller(req, checks)
        return handleData(ctx, rest.slice(1))
      }
      if (rest[0] === 'assets' || rest[0] === 'socket') return false
      if (rest[0] === 'check' && rest[1] === 'cors' && rest.length === 2) {
        answerCorsCheck(req, res)
        return true
      }
      if (rest[0] === 'auth' && rest[1] === 'logout' && rest.length === 2) {
        signIn.logout(req, res)
        return true
      }
      ctx.authenticated = authenticateCaller(req, checks)
      return handleProjectRoute(ctx, rest.map(decode), { store, editors, keyvalue })
    },
    handleUpgrade(req, socket, head) {
      const url = new URL(req.url ?? '/', 'http://lake.local')
      const match = SOCKET_PATH.exec(url.pathname)
      if (!match) return false
      if (decode(match[2]) !== store.dataset) {
        socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\ncontent-length: 0\r\n\r\n')
        return true
      }
      // Studio signed in by cookie sends no token on the socket: the upgrade's cookie names the editor.
      let editor
      try {
        editor = sessionEditorOf(req, checks)
      } catch {
        socket.end('HTTP/1.1 403 Forbidden\r\nconnection: close\r\ncontent-length: 0\r\n\r\n')
        return true
      }
      const user: Caller | null = editor ? { id: editor.id, name: editor.name, editor, via: 'session' } : null
      presence.handleUpgrade(req, socket, head, store.dataset, user)
      return true
    },
    close() {
      stopRecording()
      presence.close()
      live.close()
    },
  }
}

