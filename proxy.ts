/**
 * Next's request proxy (formerly middleware): runs before the routes. Article and section URLs
 * whose slug is malformed or not published get the site's 404 page without their page being
 * rendered, so unknown URLs leave nothing in the page cache; malformed encodings never reach the
 * router (where they were a 500). When the content service cannot say, a server-rendered 503
 * page answers. Editors in draft mode pass through. See lib/routing/content-urls.ts.
 */
import { NextResponse, type NextRequest } from 'next/server'
import { publishedSlugChecks } from '@/lib/content/published-slugs'
import { decideContentUrl } from '@/lib/routing/content-urls'
import { DRAFT_MODE_COOKIE, isDraftModeCookie } from '@/lib/routing/draft-mode-cookie'
import { unavailablePage } from '@/lib/routing/unavailable-page'

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

export async function proxy(request: NextRequest) {
  const draft = isDraftModeCookie(request.cookies.get(DRAFT_MODE_COOKIE)?.value)
  const decision = await decideContentUrl(request.nextUrl.pathname, publishedSlugChecks(), reportCheckFailure, { draft })
  switch (decision.action) {
    case 'render':
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
