/**
 * POST /api/revalidate — Sanity's GROQ-powered publish webhook (also sent by the embedded lake's
 * outbox). A valid, fresh signature revalidates exactly the cache tags the change touches, expiring
 * them at once so the next reader gets the new version.
 */
import { revalidateTag } from 'next/cache'
import { NextResponse, type NextRequest } from 'next/server'
import { noticeRegions } from '@/lib/content/notice-regions'
import { forgetSlugsForTags } from '@/lib/content/published-slugs'
import { typeTag } from '@/lib/content/tags'
import { checkWebhookRequest } from '@/lib/content/webhook-request'
import { readSettings } from '@/lib/sanity/settings'

export const dynamic = 'force-dynamic'

export async function POST(request: NextRequest) {
  const check = await checkWebhookRequest(request, readSettings().webhook.secret)
  if (!check.ok) return NextResponse.json({ error: check.message }, { status: check.status, headers: { 'cache-control': 'no-store' } })
  for (const tag of check.tags) revalidateTag(tag, { expire: 0 })
  forgetSlugsForTags(check.tags)
  // The front door's set of regions with their own notice variant follows a notice's publish at once.
  if (check.tags.includes(typeTag('legalNotice'))) noticeRegions().forget()
  return NextResponse.json({ revalidated: check.tags }, { headers: { 'cache-control': 'no-store' } })
}
