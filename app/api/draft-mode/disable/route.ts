/**
 * GET /api/draft-mode/disable[?redirect=/path] — leaves draft mode (and revokes the draft session,
 * lib/routing/draft-session.ts) and returns to a same-origin
 * path: `redirect`, else the page the editor came from (the Referer, when it is this site), else
 * the home page. The Location is relative, so the browser stays on the host it used (Next's
 * `nextUrl` would name `localhost` for `127.0.0.1`).
 */
import { draftMode } from 'next/headers'
import type { NextRequest } from 'next/server'
import { sameOriginPath } from '@/lib/content/same-origin-path'
import { endDraftSession } from '@/lib/routing/draft-session-cookie'

export const dynamic = 'force-dynamic'

/** The path of the Referer when it is a page of this site (same host as the request), else null. */
function refererPath(request: NextRequest): string | null {
  const referer = request.headers.get('referer')
  const host = request.headers.get('host')
  if (!referer || !host) return null
  try {
    const url = new URL(referer)
    return url.host === host && (url.protocol === 'http:' || url.protocol === 'https:') ? `${url.pathname}${url.search}` : null
  } catch {
    return null
  }
}

export async function GET(request: NextRequest) {
  ;(await draftMode()).disable()
  // Next's cookie stays valid until the next build; the session of ours it also needs ends here.
  await endDraftSession()
  const target = sameOriginPath(request.nextUrl.searchParams.get('redirect') ?? refererPath(request))
  return new Response(null, { status: 303, headers: { location: target, 'cache-control': 'private, no-store' } })
}
