/**
 * POST /api/revalidate — Sanity's GROQ-powered publish webhook (also sent by the embedded lake's
 * outbox). A valid, fresh signature revalidates exactly the cache tags the change touches: the
 * document's own tags expire at once, so the next reader gets the new version, and the broader
 * ones go stale (`expiresAtOnce`, lib/content/revalidation.ts); then the home page and the story are
 * rendered again at once (lib/routing/warm-pages.ts).
 */
import { revalidateTag } from 'next/cache'
import { after, NextResponse, type NextRequest } from 'next/server'
import { forgetListingSizesForTags } from '@/lib/content/listing-sizes'
import { noticeRegions } from '@/lib/content/notice-regions'
import { forgetSlugsForTags } from '@/lib/content/published-slugs'
import { expiresAtOnce } from '@/lib/content/revalidation'
import { typeTag } from '@/lib/content/tags'
import { checkWebhookRequest } from '@/lib/content/webhook-request'
import { warmQueue, warmRequests } from '@/lib/routing/warm-pages'
import { readSettings } from '@/lib/sanity/settings'

export const dynamic = 'force-dynamic'

export async function POST(request: NextRequest) {
  const check = await checkWebhookRequest(request, readSettings().webhook.secret)
  if (!check.ok) return NextResponse.json({ error: check.message }, { status: check.status, headers: { 'cache-control': 'no-store' } })
  // The same signed delivery again (a replay, or a retry of one we answered): already done.
  if (check.duplicate) return NextResponse.json({ revalidated: [], duplicate: true }, { headers: { 'cache-control': 'no-store' } })
  for (const tag of check.tags) revalidateTag(tag, expiresAtOnce(tag) ? { expire: 0 } : 'max')
  forgetSlugsForTags(check.tags)
  // The front door's story counts (how many pages a section or archive day has) follow at once.
  forgetListingSizesForTags(check.tags)
  // The front door's set of regions with their own notice variant follows a notice's publish at once.
  if (check.tags.includes(typeTag('legalNotice'))) noticeRegions().forget()
  // Once answered: render the home page and the story again while the content service is up.
  const queue = warmQueue()
  if (queue && check.tags.length > 0) {
    after(async () => queue.add(warmRequests(check.tags, await noticeRegions().get(), readSettings().site.regionHeaders[0])))
  }
  return NextResponse.json({ revalidated: check.tags }, { headers: { 'cache-control': 'no-store' } })
}
