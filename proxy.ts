/**
 * Next's request proxy (formerly middleware): runs before the routes. Article and section URLs
 * whose slug is malformed or not published get the site's 404 page without their page being
 * rendered, so unknown URLs leave nothing in the page cache; malformed encodings never reach the
 * router (where they were a 500). When the content service cannot say, a server-rendered 503
 * page answers. Editors in draft mode pass through. See lib/routing/content-urls.ts.
 *
 * Article pages (and their lite pages) also choose their audience here: a reader whose country
 * (REGION_HEADER) is a region some legal notice names is rewritten to that region's prerendered
 * variant; everyone else gets the default one. Both answers carry `Vary` on the region header(s).
 * See lib/content/audience.ts and lib/routing/article-variants.ts.
 */
import { NextResponse, type NextRequest } from 'next/server'
import { EVERYONE, audienceFor, readerRegion } from '@/lib/content/audience'
import { noticeRegions } from '@/lib/content/notice-regions'
import { publishedSlugChecks } from '@/lib/content/published-slugs'
import { VARIANT_HEADER, articlePathKind, liteArticleVariantPath, regionArticlePath, variantToken } from '@/lib/routing/article-variants'
import { decideContentUrl } from '@/lib/routing/content-urls'
import { DRAFT_MODE_COOKIE, isDraftModeCookie } from '@/lib/routing/draft-mode-cookie'
import { unavailablePage } from '@/lib/routing/unavailable-page'
import { readSettings } from '@/lib/sanity/settings'

/** A path no route serves: rewritten to it, a request gets app/not-found.tsx (prerendered) with status 404. */
const UNKNOWN_URL_PATH = '/_unknown-url'

const FAILURE_LOG_INTERVAL_MS = 30_000
let lastFailureLog = 0

/** One line, at most every 30 s: an outage under load must not flood the log. */
function reportCheckFailure(error: unknown) {
  const now = Date.now()
  if (now - lastFailureLog < FAILURE_LOG_INTERVAL_MS) return
  lastFailureLog = now
  const message = error instanceof Error ? error.message : String(error)
  console.error(`[proxy] could not check a slug with the content service: ${message}`)
}

const varyOnRegion = () => readSettings().site.regionHeaders.join(', ')

/** A rewrite to an internal variant path, marked so the proxy's second pass lets it through. */
function rewriteToVariant(request: NextRequest, pathname: string): NextResponse {
  const headers = new Headers(request.headers)
  headers.set(VARIANT_HEADER, variantToken())
  return NextResponse.rewrite(new URL(pathname, request.url), { request: { headers } })
}

/** The article variant for this reader: the default page (next) or a rewrite, `Vary` on the region header(s). */
async function articleForAudience(request: NextRequest, kind: 'page' | 'lite', slug: string): Promise<NextResponse> {
  const region = readerRegion(request.headers, readSettings().site.regionHeaders)
  // No query unless the reader has a region: most requests cost nothing more.
  const audience = region === null ? EVERYONE : audienceFor(region, await noticeRegions().get())
  const response =
    kind === 'lite'
      ? rewriteToVariant(request, liteArticleVariantPath(slug, audience))
      : audience === EVERYONE
        ? NextResponse.next()
        : rewriteToVariant(request, regionArticlePath(slug, audience))
  response.headers.set('vary', varyOnRegion())
  return response
}

export async function proxy(request: NextRequest) {
  const draft = isDraftModeCookie(request.cookies.get(DRAFT_MODE_COOKIE)?.value)
  const article = articlePathKind(request.nextUrl.pathname)
  if (article?.kind === 'internal') {
    // Our own rewrite (second pass): serve it. Anyone else asking for a variant path: not found.
    if (request.headers.get(VARIANT_HEADER) !== variantToken()) return NextResponse.rewrite(new URL(UNKNOWN_URL_PATH, request.url))
    const response = NextResponse.next()
    response.headers.set('vary', varyOnRegion())
    return response
  }
  // A lite page is checked as its article is.
  const checkedPath = article ? `/articles/${article.rawSlug}` : request.nextUrl.pathname
  const decision = await decideContentUrl(checkedPath, publishedSlugChecks(), reportCheckFailure, { draft })
  switch (decision.action) {
    case 'render':
      if (article) return articleForAudience(request, article.kind, decodeURIComponent(article.rawSlug))
      return NextResponse.next()
    case 'not-found':
      return NextResponse.rewrite(new URL(UNKNOWN_URL_PATH, request.url))
    case 'bad-request':
      // Sanity's error shape, as the image route itself answers.
      return NextResponse.json({ error: { type: 'validationError', description: `Bad request: ${decision.reason}` } }, { status: 400, headers: { 'cache-control': 'no-store' } })
    case 'busy':
    case 'unavailable': {
      const page = unavailablePage(decision.action)
      return new NextResponse(request.method === 'HEAD' ? null : page.html, { status: page.status, headers: page.headers })
    }
  }
}

export const config = {
  matcher: ['/articles/:path*', '/sections/:path*', '/media/images/:path*'],
}
