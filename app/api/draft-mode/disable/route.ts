/**
 * GET /api/draft-mode/disable?redirect=/path — leaves draft mode and returns to a same-origin
 * path (anything else goes to the home page). The Location is relative, so the browser stays on
 * the host it used (Next's `nextUrl` would name `localhost` for `127.0.0.1`).
 */
import { draftMode } from 'next/headers'
import type { NextRequest } from 'next/server'
import { sameOriginPath } from '@/lib/content/same-origin-path'

export const dynamic = 'force-dynamic'

export async function GET(request: NextRequest) {
  ;(await draftMode()).disable()
  const target = sameOriginPath(request.nextUrl.searchParams.get('redirect'))
  return new Response(null, { status: 303, headers: { location: target, 'cache-control': 'private, no-store' } })
}
