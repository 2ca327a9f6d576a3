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
 *
 * It is plain Node code (no Next request objects), so the common case — a published story — costs
 * a path split and one in-memory lookup. Next's own request proxy halved the article's throughput.
 */
import { EVERYONE, audienceFor, readerRegion } from '@/lib/content/audience'
import { noticeRegions } from '@/lib/content/notice-regions'
import { publishedSlugChecks } from '@/lib/content/published-slugs'
import { readSettings } from '@/lib/sanity/settings'
import { articlePathKind, liteArticleVariantPath, regionArticlePath } from './article-variants'
import { decideContentUrl } from './content-urls'
import { EDGE_AUDIENCE_PATH, edgeAudienceAnswer } from './edge-audience'
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
  /** Hand the request to Next as it is. */
  | { action: 'pass'; vary?: string }
  /** Hand the request to Next for another path (the query is kept). */
  | { action: 'rewrite'; pathname: string; vary?: string }
  /** Answer here. */
  | { action: 'respond'; status: number; headers: Record<string, string>; body: string | null }

const PASS: FrontDoorAnswer = { action: 'pass' }
const NOT_FOUND: FrontDoorAnswer = { action: 'rewrite', pathname: UNKNOWN_URL_PATH }

/** Paths the front door looks at; everything else passes untouched. */
const HANDLED = /^\/(?:articles|sections|media\/images)(?:\/|$)/

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

export async function frontDoor(request: FrontDoorRequest): Promise<FrontDoorAnswer> {
  const query = request.url.indexOf('?')
  const pathname = query === -1 ? request.url : request.url.slice(0, query)
  if (pathname === EDGE_AUDIENCE_PATH) return { action: 'respond', ...(await edgeAudienceAnswer(request.method, request.header)) }
  if (!HANDLED.test(pathname)) return PASS
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
