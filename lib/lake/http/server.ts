/**
 * The lake's HTTP server: routes the Content Lake API paths @sanity/client uses (any path prefix
 * before `/v{apiVersion}/` is accepted), the image CDN path and `/health` (that exact path only),
 * and maps every error to JSON. Before routing, every request passes the per-client connection
 * cap and the Host allow-list (`client-limits.ts`).
 */

import http, { type IncomingMessage, type ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import { badRequest, isLakeError, methodNotAllowed, notFound } from '../errors'
import { ImageService } from '../image-service'
import type { LakeStore } from '../store'
import { createStudioApi } from '../studio/studio-api'
import type { StudioOrigins } from '../studio/studio-origins'
import {
  ConnectionLimiter,
  createHostCheck,
  DEFAULT_MAX_CONNECTIONS_PER_CLIENT,
  DEFAULT_MAX_LISTEN_STREAMS_PER_CLIENT,
  StreamLimiter,
} from './client-limits'
import { budgetClientOf } from './client-identity'
import { sendError, sendJson, type RequestContext } from './request'
import { handleAssetUpload } from './routes/assets'
import { handleDoc } from './routes/doc'
import { handleImage } from './routes/images'
import { handleListen } from './routes/listen'
import { handleMutate } from './routes/mutate'
import { handleQuery } from './routes/query'

export interface LakeHttpOptions {
  token?: string
  /** Public base URL, used for asset `url`s. May be set after listening. */
  baseUrl: () => string
  keepAliveMs?: number
  log?: (message: string) => void
  /** Host names answered besides 127.0.0.1, localhost, [::1] and *.localhost. */
  allowedHosts?: readonly string[]
  /** Default 128. */
  maxConnectionsPerClient?: number
  /** Default 96 (a Studio tab holds about 12). */
  maxListenStreamsPerClient?: number
  /** Default: all cores but one. */
  maxConcurrentImageRenders?: number
  /** Default 16. */
  maxQueuedImageRenders?: number
  /** Exact origins of the Studio pages that may use editor sessions (cookies); none by default. */
  studioOrigins?: readonly string[]
  /** The extra ports, served by this same server, that Studio's listen streams spread over. */
  listenPorts?: () => readonly number[]
}

/** `/v{anything}/data|assets/…`; the version itself is checked by `assertApiVersion`. */
const API_PATH = /\/v([^/]*)\/((?:data|assets)\/.*)$/
const IMAGE_PATH = /(?:^|\/)images\/([^/]+)\/([^/]+)\/([^/]+)$/
const LOCAL_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\]|[a-z0-9-]+(\.[a-z0-9-]+)*\.localhost)(:\d+)?$/

export interface LakeHttpServer {
  server: http.Server
  /** Ends open listen streams (they would otherwise keep the server from closing). */
  closeStreams(): void
}

export function createLakeHttpServer(store: LakeStore, opts: LakeHttpOptions): LakeHttpServer {
  const streams = new Set<() => void>()
  const images = new ImageService({ maxConcurrentRenders: opts.maxConcurrentImageRenders, maxQueuedRenders: opts.maxQueuedImageRenders })
  const checkHost = createHostCheck(opts.allowedHosts ?? [])
  const connections = new ConnectionLimiter(opts.maxConnectionsPerClient ?? DEFAULT_MAX_CONNECTIONS_PER_CLIENT)
  const listenStreams = new StreamLimiter(opts.maxListenStreamsPerClient ?? DEFAULT_MAX_LISTEN_STREAMS_PER_CLIENT)
  const studio = createStudioApi(store, { token: opts.token, studioOrigins: opts.studioOrigins, listenPorts: opts.listenPorts })
  const log = opts.log ?? ((message: string) => process.stderr.write(`${message}\n`))
  const track = (close: () => void) => {
    streams.add(close)
    return () => streams.delete(close)
  }

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    connections.assertWithinCap(req.socket)
    checkHost(req.headers.host)
    const url = new URL(req.url ?? '/', 'http://lake.local')
    applyCors(req, res, studio.studioOrigins)
    if (req.method === 'OPTIONS') {
      res.writeHead(204)
      res.end()
      return
    }
    if (url.pathname === '/health') {
      if (req.method !== 'GET' && req.method !== 'HEAD') throw methodNotAllowed(req.method ?? '')
      // Only that the lake is up: counts would reveal when drafts or private documents appear.
      sendJson(res, 200, { ok: true })
      return
    }
    const image = IMAGE_PATH.exec(url.pathname)
    if (image && !API_PATH.test(url.pathname)) {
      const ctx: RequestContext = { req, res, url, apiVersion: 'X', rest: '', authenticated: studio.authenticate(req) }
      const [projectId, dataset, fileName] = image.slice(1).map((part) => decodePathSegment(part))
      await handleImage(ctx, store, { projectId, dataset, fileName }, images)
      return
    }
    if (await studio.handle(req, res, url)) return
    const api = API_PATH.exec(url.pathname)
    if (!api) {
      const hint = /(^|\/)(data|assets)\//.test(url.pathname) ? ' (API paths start with /v{apiVersion}/, e.g. /v2025-02-19/)' : ''
      throw notFound(`No route for ${req.method} ${url.pathname}${hint}`)
    }
    assertApiVersion(api[1])
    const ctx: RequestContext = {
      req, res, url,
      apiVersion: api[1],
      rest: api[2],
      authenticated: studio.authenticate(req),
    }
    const [area, endpoint, dataset, ...tail] = ctx.rest.split('/')
    if (area === 'assets' && tail.length === 0 && dataset !== undefined) {
      assertDataset(store, decodePathSegment(dataset))
      await handleAssetUpload(ctx, store, endpoint, opts.baseUrl())
      return
    }
    if (area !== 'data' || dataset === undefined) throw notFound(`No route for ${req.method} ${url.pathname}`)
    assertDataset(store, decodePathSegment(dataset))
    switch (endpoint) {
      case 'query':
        if (tail.length) break
        return handleQuery(ctx, store)
      case 'mutate':
        if (tail.length) break
        return handleMutate(ctx, store)
      case 'doc':
        if (tail.length !== 1) break
        return handleDoc(ctx, store, tail[0])
      case 'listen': {
        if (tail.length) break
        const release = listenStreams.acquire(budgetClientOf(req, ctx.authenticated))
        res.once('close', release)
        return handleListen(ctx, store, { keepAliveMs: opts.keepAliveMs ?? 15000, track })
      }
      default:
        break
    }
    throw notFound(`No route for ${req.method} ${url.pathname}`)
  }

  const server = http.createServer((req, res) => {
    route(req, res).catch((err) => {
      sendError(res, err, (unexpected) => log(`lake: unexpected error on ${req.method} ${req.url}: ${(unexpected as Error)?.stack ?? String(unexpected)}`))
    })
  })
  server.keepAliveTimeout = 5000
  connections.attach(server)
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => replyToClientError(err, socket))
  server.on('upgrade', (req, socket, head) => {
    try {
      connections.assertWithinCap(req.socket)
      checkHost(req.headers.host)
    } catch (err) {
      refuseUpgrade(socket, err)
      return
    }
    if (!studio.handleUpgrade(req, socket, head)) socket.destroy()
  })
  return {
    server,
    closeStreams() {
      for (const close of [...streams]) close()
      studio.close()
    },
  }
}

/** Answers a websocket upgrade that fails the connection cap or the Host check with its JSON error. */
function refuseUpgrade(socket: Duplex, err: unknown): void {
  if (!isLakeError(err)) {
    socket.destroy()
    return
  }
  const body = JSON.stringify(err.body)
  const extra = Object.entries(err.headers).map(([name, value]) => `${name}: ${value}\r\n`).join('')
  socket.end(
    `HTTP/1.1 ${err.statusCode} ${http.STATUS_CODES[err.statusCode] ?? 'Error'}\r\n` +
      `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n${extra}connection: close\r\n\r\n${body}`,
  )
}

/**
 * Requests Node's HTTP parser rejects (URL + headers over 16 KB, malformed request lines) would
 * get a bare status line; send the JSON error shape instead.
 */
function replyToClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable || err.code === 'ECONNRESET') {
    socket.destroy()
    return
  }
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW'
  const status = tooLarge ? 431 : 400
  const description = tooLarge
    ? 'Request line and headers exceed the 16 KB limit; send long GROQ queries as POST with a JSON body {"query", "params"}'
    : `Malformed HTTP request (${err.code ?? 'parse error'})`
  const body = JSON.stringify({ error: { type: tooLarge ? 'requestTooLarge' : 'badRequest', description } })
  socket.end(
    `HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
      `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  )
}

/** `vYYYY-MM-DD` (a real calendar date), `v1` or `vX`, like the Content Lake. */
function assertApiVersion(version: string): void {
  if (version === '1' || version === 'X') return
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(version)
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null
  if (!m || !date || date.toISOString().slice(0, 10) !== version) {
    throw badRequest(`Invalid API version "v${version.slice(0, 40)}": expected vYYYY-MM-DD (a real date), v1 or vX`, 'invalidApiVersion')
  }
}

function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    throw badRequest(`Malformed percent-encoding in path segment "${segment.slice(0, 80)}"`)
  }
}

function assertDataset(store: LakeStore, dataset: string): void {
  if (dataset !== store.dataset) throw notFound(`Dataset "${dataset}" not found`)
}

/**
 * Local pages may read the lake's answers; only the allowed Studio origins may send credentials
 * (the editor's session cookie) and read the answers to them.
 */
function applyCors(req: IncomingMessage, res: ServerResponse, studioOrigins: StudioOrigins): void {
  const origin = req.headers.origin
  if (!origin || !LOCAL_ORIGIN.test(origin)) return
  res.setHeader('access-control-allow-origin', origin)
  if (studioOrigins.allows(origin)) res.setHeader('access-control-allow-credentials', 'true')
  // Sanity Studio sends x-sanity-app on every request; its EventSource polyfill adds cache-control and
  // last-event-id; its schema claim (/descriptors/claim) sends client-timing.
  res.setHeader('access-control-allow-headers', 'authorization, content-type, cache-control, client-timing, last-event-id, x-requested-with, x-sanity-app, x-sanity-project-id')
  res.setHeader('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS')
  res.setHeader('access-control-max-age', '600')
  res.setHeader('vary', 'Origin')
}
