/**
 * The site's front door: what happens to a request before Next sees it (run by the site's server,
 * scripts/site/server.ts, in the same process as Next; see docs/decisions/0009-front-door.md).
 *
 * - Article and section URLs whose slug is malformed or not published get the site's 404 page
 *   without their page being rendered, so unknown URLs leave nothing in the page cache; malformed
 *   encodings never reach the router (where they were a 500). When the content service cannot say,
 *   a server-rendered 503 page answers. Editors in draft mode pass through.
 * - Article pages (and their lite pages) choose their audience here: a reader whose country
 *   (REGION_HEADER) is a region some legal notice names gets that region's prerendered variant;
 *   everyone else gets the default one. The answer carries `Vary` on the region header(s).
 * - The internal variant paths, asked for directly, are "not found".
 * - `/_edge/region-audience` tells a cache in front which variant a country gets (edge-audience.ts).
 * - Paginated lists (section pages, the date archive, a year's sitemaps) past their end, empty
 *   or malformed are "not found" without rendering; `/search` with bad input is passed on with
 *   status 400, and past a few searches at once answered 503 (listing-urls.ts, search-gate.ts).
 *
 * It is plain Node code (no Next request objects), so the common case — a published story — costs
 * a path split and one in-memory lookup. Next's own request proxy halved the article's throughput.
 */
import { EVERYONE, audienceFor, readerRegion } from '@/lib/content/audience'
import { listingSizes } from '@/lib/content/listing-sizes'
import { noticeRegions } from '@/lib/content/notice-regions'
import { publishedSlugChecks } from '@/lib/content/published-slugs'
import { parseSearchRequest, SEARCH_PATH } from '@/lib/content/search-text'
import { readSettings } from '@/lib/sanity/settings'
import { articlePathKind, liteArticleVariantPath, regionArticlePath } from './article-variants'
import { decideContentUrl } from './content-urls'
import { EDGE_AUDIENCE_PATH, edgeAudienceAnswer } from './edge-audience'
import { decideListingUrl, isListingPath } from './listing-urls'
import { searchGate } from './search-gate'
import { DRAFT_MODE_COOKIE, isDraftModeCookie } from './draft-mode-cookie'
import { DRAFT_SESSION_COOKIE, verifyDraftSession } from './draft-session'
import { currentDraftSessionKey } from './draft-session-key'
import { plainErrorPage } from './plain-error-page'

/** A path no route serves: handed to Next, it answers app/not-found.tsx (prerendered) with status 404. */
export const UNKNOWN_URL_PATH = '/_unknown-url'

/** What the front door needs of a request. */
export type FrontDoorRequest = {
  method: string
  /** The request target as received: path and query. */
  url: string
  header(name: string): string | undefined
}

export type FrontDoorAnswer =
  /**
   * Hand the request to Next as it is; with `status`, Next's 200 is sent with that status instead
   * (a search with bad input: the page explains, the status says 400); `release` is called once
   * the response is finished or abandoned.
   */
  | { action: 'pass'; vary?: string; status?: number; release?: () => void }
  /** Hand the request to Next for another path (the query is kept). */
  | { action: 'rewrite'; pathname: string; vary?: string }
  /** Answer here. */
  | { action: 'respond'; status: number; headers: Record<string, string>; body: string | null }

const PASS: FrontDoorAnswer = { action: 'pass' }
const NOT_FOUND: FrontDoorAnswer = { action: 'rewrite', pathname: UNKNOWN_URL_PATH }

/** Paths the front door looks at; everything else passes untouched. */
const HANDLED = /^\/(?:articles|sections|media\/images|archive|sitemaps\/articles|search)(?:\/|$)/

const FAILURE_LOG_INTERVAL_MS = 30_000
let lastFailureLog = 0

/** One line, at most every 30 s: an outage under load must not flood the log. */
function reportCheckFailure(error: unknown) {
  const now = Date.now()
  if (now - lastFailureLog < FAILURE_LOG_INTERVAL_MS) return
  lastFailureLog = now
  const message = error instanceof Error ? error.message : String(error)
  console.error(`[front-door] could not check a slug with the content service: ${message}`)
}

/** The value of cookie `name` in a `Cookie` header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined
  for (const pair of header.split(';')) {
    const at = pair.indexOf('=')
    if (at > 0 && pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim()
  }
  return undefined
}

const varyOnRegion = () => readSettings().site.regionHeaders.join(', ')

/** The article variant for this reader: the default page (pass) or a rewrite, `Vary` on the region header(s). */
async function articleForAudience(request: FrontDoorRequest, kind: 'page' | 'lite', slug: string): Promise<FrontDoorAnswer> {
  const region = readerRegion({ get: (name) => request.header(name) ?? null }, readSettings().site.regionHeaders)
  // No query unless the reader has a region: most requests cost nothing more.
  const audience = region === null ? EVERYONE : audienceFor(region, await noticeRegions().get())
  const vary = varyOnRegion()
  if (kind === 'lite') return { action: 'rewrite', pathname: liteArticleVariantPath(slug, audience), vary }
  return audience === EVERYONE ? { action: 'pass', vary } : { action: 'rewrite', pathname: regionArticlePath(slug, audience), vary }
}

function respondUnavailable(request: FrontDoorRequest, reason: 'busy' | 'unavailable'): FrontDoorAnswer {
  const page = plainErrorPage(reason)
  return { action: 'respond', status: page.status, headers: page.headers, body: request.method === 'HEAD' ? null : page.html }
}

/** Reader search: bad input still gets the page (it says what is wrong) with status 400; a flood gets 503. */
function searchAnswer(request: FrontDoorRequest, queryString: string): FrontDoorAnswer {
  const params = new URLSearchParams(queryString)
  const search = parseSearchRequest({ q: params.get('q'), page: params.get('page') })
  if (search.kind === 'invalid') return { action: 'pass', status: 400 }
  if (search.kind === 'empty') return PASS
  const release = searchGate().tryEnter()
  return release ? { action: 'pass', release } : respondUnavailable(request, 'busy')
}

/** Pages of a section, the date archive, a year's sitemaps: 404 past the end, redirect to canonical forms. */
async function listingAnswer(request: FrontDoorRequest, pathname: string): Promise<FrontDoorAnswer> {
  const decision = await decideListingUrl(pathname, listingSizes(), reportCheckFailure, readSettings().distribution.sitemapUrlsPerFile)
  switch (decision.action) {
    case 'render':
      return PASS
    case 'not-found':
      return NOT_FOUND
    case 'redirect':
      return { action: 'respond', status: 308, headers: { location: decision.location, 'cache-control': 'public, max-age=3600' }, body: null }
    case 'busy':
    case 'unavailable':
      return respondUnavailable(request, decision.action)
  }
}

export async function frontDoor(request: FrontDoorRequest): Promise<FrontDoorAnswer> {
  const query = request.url.indexOf('?')
  const pathname = query === -1 ? request.url : request.url.slice(0, query)
  if (pathname === EDGE_AUDIENCE_PATH) return { action: 'respond', ...(await edgeAudienceAnswer(request.method, request.header)) }
  if (!HANDLED.test(pathname)) return PASS
  if (pathname === SEARCH_PATH) return searchAnswer(request, query === -1 ? '' : request.url.slice(query + 1))
  if (isListingPath(pathname)) return listingAnswer(request, pathname)
  if (!/^\/(?:articles|sections|media\/images)(?:\/|$)/.test(pathname)) return PASS
  const article = articlePathKind(pathname)
  // The variants are reached only through the rewrites below, which Next never sees as requests.
  if (article?.kind === 'internal') return NOT_FOUND
  const cookies = request.header('cookie')
  // Next's bypass cookie can be read from the build: draft mode also needs a session of ours.
  const draft =
    isDraftModeCookie(cookieValue(cookies, DRAFT_MODE_COOKIE)) && (await verifyDraftSession(currentDraftSessionKey(), cookieValue(cookies, DRAFT_SESSION_COOKIE))) !== null
  // A lite page is checked as its article is.
  const checkedPath = article ? `/articles/${article.rawSlug}` : pathname
  const decision = await decideContentUrl(checkedPath, publishedSlugChecks(), reportCheckFailure, { draft })
  switch (decision.action) {
    case 'render':
      return article ? articleForAudience(request, article.kind, decodeURIComponent(article.rawSlug)) : PASS
    case 'not-found':
      return NOT_FOUND
    case 'bad-request':
      // Sanity's error shape, as the image route itself answers.
      return {
        action: 'respond',
        status: 400,
        headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
        body: JSON.stringify({ error: { type: 'validationError', description: `Bad request: ${decision.reason}` } }),
      }
    case 'busy':
    case 'unavailable':
      return respondUnavailable(request, decision.action)
  }
}
