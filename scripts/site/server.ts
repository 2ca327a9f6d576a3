/**
 * The site's HTTP server: the front door (lib/routing/front-door.ts), then Next's request handler,
 * in one process. `npm start` and `npm run dev` run it; so do the browser tests and the bench.
 *
 *   node --import tsx scripts/site/server.ts start|dev -p <port> -H <host>
 *
 * Serves the Next build in the working directory. The PID is the server: SIGTERM/SIGINT close it.
 * See docs/decisions/0009-front-door.md for why this is not Next's request proxy.
 */
import http from 'node:http'
import path from 'node:path'
import { loadDurableTagTimes } from '../../lib/cache/next-tag-manifest'
import { redisConfigured } from '../../lib/cache/redis-connection'
import { keepSharingPendingTagTimes } from '../../lib/cache/shared-tag-times'
import { openSiteStateDb } from '../../lib/cache/site-state-db'
import { UNKNOWN_URL_PATH, cookieValue, frontDoor, type FrontDoorAnswer } from '../../lib/routing/front-door'
import { plainErrorPage } from '../../lib/routing/plain-error-page'
import { readableReplacement } from '../../lib/routing/readable-error-pages'
import { normalisedTarget } from '../../lib/routing/request-target'
import { DRAFT_MODE_COOKIE } from '../../lib/routing/draft-mode-cookie'
import { keepSharingDraftSessionRevocations } from '../../lib/routing/draft-session-revocations'
import { DRAFT_SESSION_COOKIE } from '../../lib/routing/draft-session'
import { responseHeaders } from '../../lib/routing/response-headers'
import { cutUnreadBodyAfterAnswer } from '../../lib/routing/unread-body'
import { setSiteOrigin } from '../../lib/routing/warm-pages'
import { readSettings } from '../../lib/sanity/settings'
import { setSharedCacheHeaders } from './edge-headers'
import { replaceUnreadableErrors } from './readable-errors'

type Options = { dev: boolean; port: number; host: string }

/** How often the server checks for state Redis has not taken yet (see main). */
const PENDING_SHARE_INTERVAL_MS = 5000

function readOptions(argv: readonly string[]): Options {
  const mode = argv[0]
  if (mode !== 'start' && mode !== 'dev') throw new Error('usage: server.ts start|dev -p <port> -H <host>')
  const value = (flag: string, fallback: string) => {
    const at = argv.indexOf(flag)
    return at === -1 ? fallback : (argv[at + 1] ?? fallback)
  }
  const port = Number(value('-p', '3000'))
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port: ${value('-p', '')}`)
  return { dev: mode === 'dev', port, host: value('-H', '127.0.0.1') }
}

const headerValue = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(', ') : value)

/** Adds `names` to the response's `Vary` when its head is written (Next sets its own Vary on pages). */
function varyAlsoOn(res: http.ServerResponse, names: string) {
  const writeHead = res.writeHead
  res.writeHead = function (this: http.ServerResponse, ...args: unknown[]) {
    const current = headerValue(res.getHeader('vary') as string | string[] | undefined)
    const known = new Set((current ?? '').split(',').map((name) => name.trim().toLowerCase()).filter(Boolean))
    const added = names.split(',').map((name) => name.trim()).filter((name) => name && !known.has(name.toLowerCase()))
    if (added.length > 0) res.setHeader('vary', [current, ...added].filter(Boolean).join(', '))
    return (writeHead as (...a: unknown[]) => http.ServerResponse).apply(this, args)
  } as typeof res.writeHead
}

/** The security and cache headers of the request's kind of route (lib/routing/response-headers.ts). */
function setRouteHeaders(req: http.IncomingMessage, res: http.ServerResponse, url: string) {
  const query = url.indexOf('?')
  const route = {
    pathname: query === -1 ? url : url.slice(0, query),
    draftCookie: cookieValue(headerValue(req.headers.cookie), DRAFT_MODE_COOKIE) !== undefined,
    https: req.headers['x-forwarded-proto'] === 'https',
  }
  for (const [name, value] of responseHeaders(route)) res.setHeader(name, value)
}

/** Sends Next's 200 with `status` instead (the page is the answer; the status says what kind). */
function statusInstead(res: http.ServerResponse, status: number) {
  const writeHead = res.writeHead
  res.writeHead = function (this: http.ServerResponse, ...args: unknown[]) {
    if (args[0] === 200) args[0] = status
    return (writeHead as (...a: unknown[]) => http.ServerResponse).apply(this, args)
  } as typeof res.writeHead
}

function respond(res: http.ServerResponse, status: number, headers: Record<string, string>, body: string | null) {
  res.writeHead(status, headers)
  res.end(body ?? undefined)
}

/** Pages (not Next's assets, the API, Studio, images, or the 404 the front door already chose). */
const NOT_PAGES = /^\/(?:_next|api|studio|media)(?:\/|$)/
const isPageRequest = (url: string) => !NOT_PAGES.test(url) && !url.startsWith(UNKNOWN_URL_PATH)

async function main() {
  const options = readOptions(process.argv.slice(2))
  // As `next start|dev` do, before Next (and React) load.
  Object.assign(process.env, { NODE_ENV: options.dev ? 'development' : 'production' })
  const { default: next } = await import('next')
  const app = next({ dev: options.dev, dir: process.cwd(), hostname: options.host, port: options.port })
  const handle = app.getRequestHandler()
  // EDGE_CACHE_MAX_AGE, read once: the environment does not change while the server runs.
  const { sharedMaxAgeSeconds } = readSettings().edge
  const distDir = path.join(process.cwd(), '.next')
  // Publishes revalidated before this start (however the last process ended) still expire what
  // was cached before them: their tag times go into Next's manifest before anything is served.
  const kept = loadDurableTagTimes(distDir)
  if (kept > 0) console.log(`[site] ${kept} tag revalidations kept on disk apply to the cached pages`)
  // Times and draft-session revocations Redis missed (it was down, a command failed, or the last
  // process ended first) are written when it answers: at once, on every reconnection, and checked
  // every few seconds (one indexed read) for a failure that did not drop the connection.
  if (redisConfigured()) {
    const sharePending = () => {
      void keepSharingPendingTagTimes(openSiteStateDb(distDir))
      void keepSharingDraftSessionRevocations(openSiteStateDb(distDir))
    }
    sharePending()
    setInterval(sharePending, PENDING_SHARE_INTERVAL_MS).unref()
  }
  await app.prepare()

  const server = http.createServer(async (req, res) => {
    // A body still arriving when the answer goes out is read at most 1 MB further, then cut.
    cutUnreadBodyAfterAnswer(req, res)
    // One path for everything below: the front door, the headers and Next route the same URL.
    const target = normalisedTarget(req.url ?? '')
    setRouteHeaders(req, res, target ?? '/')
    if (target === null) {
      const body = JSON.stringify({ error: { type: 'validationError', description: 'Bad request: the request target must be a path' } })
      return respond(res, 400, { 'content-type': 'application/json', 'cache-control': 'no-store' }, req.method === 'HEAD' ? null : body)
    }
    req.url = target
    // What shared caches in front may keep, and its surrogate keys (by the public path, before any rewrite).
    const cookies = headerValue(req.headers.cookie)
    const draft = cookieValue(cookies, DRAFT_MODE_COOKIE) !== undefined || cookieValue(cookies, DRAFT_SESSION_COOKIE) !== undefined
    const query = target.indexOf('?')
    const pathname = query === -1 ? target : target.slice(0, query)
    setSharedCacheHeaders(res, { method: req.method ?? 'GET', pathname, draft, sharedMaxAgeSeconds })
    let answer: FrontDoorAnswer
    try {
      answer = await frontDoor({ method: req.method ?? 'GET', url: req.url ?? '/', header: (name) => headerValue(req.headers[name]) })
    } catch (error) {
      console.error(`[front-door] ${error instanceof Error ? error.message : String(error)}`)
      const page = plainErrorPage('unavailable')
      return respond(res, page.status, page.headers, req.method === 'HEAD' ? null : page.html)
    }
    if (answer.action === 'respond') return respond(res, answer.status, answer.headers, answer.body)
    if (answer.vary) varyAlsoOn(res, answer.vary)
    if (answer.action === 'pass' && answer.release) res.once('close', answer.release)
    if (answer.action === 'rewrite') {
      const url = req.url ?? '/'
      const query = url.indexOf('?')
      req.url = answer.pathname + (query === -1 ? '' : url.slice(query))
    }
    // A page that fails while rendering gets a page readable without JavaScript (not Next's shell).
    if (!options.dev && isPageRequest(req.url ?? '/')) replaceUnreadableErrors(req, res, (status, type) => readableReplacement(status, type, distDir))
    if (answer.action === 'pass' && answer.status) statusInstead(res, answer.status)
    await handle(req, res)
  })

  server.on('error', (error: NodeJS.ErrnoException) => {
    const reason = error.code === 'EADDRINUSE' ? `port ${options.port} on ${options.host} is already in use` : error.message
    console.error(`[site] cannot serve: ${reason}`)
    process.exit(1)
  })
  server.listen(options.port, options.host, () => {
    const address = server.address()
    const port = typeof address === 'object' && address ? address.port : options.port
    // Where the publish webhook re-renders pages (lib/routing/warm-pages.ts): this server, on loopback.
    const loopback = ['0.0.0.0', '::'].includes(options.host) ? '127.0.0.1' : options.host
    setSiteOrigin(`http://${loopback.includes(':') ? `[${loopback}]` : loopback}:${port}`)
    console.log(`[site] ${options.dev ? 'dev server' : 'server'} ready on http://${options.host}:${port}`)
  })

  let closing = false
  const close = () => {
    if (closing) return
    closing = true
    // In-flight requests finish (up to 3 s); then Next closes and the process ends.
    server.close(() => void app.close().finally(() => process.exit(0)))
    server.closeIdleConnections()
    setTimeout(() => {
      console.error('[site] stopping with connections still open after 3 s (event streams, websockets)')
      process.exit(0)
    }, 3000).unref()
  }
  process.on('SIGTERM', close)
  process.on('SIGINT', close)
}

main().catch((error) => {
  console.error(`[site] ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})
