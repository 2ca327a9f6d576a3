/**
 * GET /api/draft-mode/disable?redirect=/path — leaves draft mode and returns to a same-origin
 * path (anything else goes to the home page).
 */
import { draftMode } from 'next/headers'
import { NextResponse, type NextRequest } from 'next/server'
import { sameOriginPath } from '@/lib/content/same-origin-path'

export const dynamic = 'force-dynamic'

export async function GET(request: NextRequest) {
  ;(await draftMode()).disable()
  const target = sameOriginPath(request.nextUrl.searchParams.get('redirect'))
  return NextResponse.redirect(new URL(target, request.nextUrl.origin), { status: 303, headers: { 'cache-control': 'private, no-store' } })
}
