/**
 * POST /api/revalidate — Sanity's GROQ-powered publish webhook (also sent by the embedded lake's
 * outbox). A valid, fresh signature revalidates exactly the cache tags the change touches: the
 * document's own tags expire at once, so the next reader gets the new version, and the broader
 * ones go stale (`revalidationProfile`, lib/content/revalidation.ts). Before it answers, the
 * delivery and the tag times are on disk (and in Redis when there is one), so the publish
 * survives a restart or a kill a moment later, and a replay of the same delivery revalidates
 * nothing (lib/content/durable-revalidation.ts). The cache tier in front (EDGE_CACHE) purges the
 * same tags and must acknowledge before this answers 200 (lib/cache/edge-purge.ts): a 503 makes the
 * sender deliver again, and that repeat, a duplicate for Next, purges the delivery's tags again.
 * Then the home page and the story are rendered again at once (lib/routing/warm-pages.ts).
 */
import { revalidateTag } from 'next/cache'
import { after, NextResponse, type NextRequest } from 'next/server'
import { purgeEdgeCache, purgeEdgeCacheAgain, type EdgePurgeOutcome } from '@/lib/cache/edge-purge'
import { recordPublishDurably } from '@/lib/content/durable-revalidation'
import { forgetListingSizesForTags } from '@/lib/content/listing-sizes'
import { noticeRegions } from '@/lib/content/notice-regions'
import { forgetSlugsForTags } from '@/lib/content/published-slugs'
import { revalidationProfile } from '@/lib/content/revalidation'
import { typeTag } from '@/lib/content/tags'
import { checkWebhookRequest } from '@/lib/content/webhook-request'
import { siteOrigin, warmQueue, warmRequests } from '@/lib/routing/warm-pages'
import { readSettings } from '@/lib/sanity/settings'

export const dynamic = 'force-dynamic'

const NO_STORE = { 'cache-control': 'no-store' }

/** A purge the cache in front did not acknowledge: 503, so the webhook is delivered again. */
const purgeFailed = (purge: Extract<EdgePurgeOutcome, { ok: false }>) =>
  NextResponse.json({ error: purge.message }, { status: 503, headers: { ...NO_STORE, 'retry-after': String(purge.retryAfterSeconds) } })

export async function POST(request: NextRequest) {
  const check = await checkWebhookRequest(request, readSettings().webhook.secret)
  if (!check.ok) return NextResponse.json({ error: check.message }, { status: check.status, headers: NO_STORE })
  let durable
  try {
    durable = await recordPublishDurably({ receiver: siteOrigin() ?? 'site', signature: check.signature, tags: check.tags })
  } catch (error) {
    // Not answered 200: the sender keeps the delivery and tries again.
    console.error(`[revalidate] the publish could not be kept on disk: ${error instanceof Error ? error.message : String(error)}`)
    return NextResponse.json({ error: 'The publish could not be recorded; retry' }, { status: 503, headers: { ...NO_STORE, 'retry-after': '1' } })
  }
  // The same signed delivery again (a replay, or a retry of one we answered): already done.
  if (durable.duplicate) {
    // Nothing new for Next; the cache in front purges the delivery's tags again (idempotent), so a
    // purge that failed before — even before a restart — is retried with the repeat.
    const purge = await purgeEdgeCache(check.tags)
    if (!purge.ok) return purgeFailed(purge)
    return NextResponse.json({ revalidated: [], duplicate: true }, { headers: NO_STORE })
  }
  for (const tag of check.tags) revalidateTag(tag, revalidationProfile(tag))
  forgetSlugsForTags(check.tags)
  // The front door's story counts (how many pages a section or archive day has) follow at once.
  forgetListingSizesForTags(check.tags)
  // The front door's set of regions with their own notice variant follows a notice's publish at once.
  if (check.tags.includes(typeTag('legalNotice'))) noticeRegions().forget()
  // The cache in front forgets the same tags; once more after Next has applied them (see purgeEdgeCacheAgain).
  const purge = await purgeEdgeCache(check.tags)
  if (!purge.ok) return purgeFailed(purge)
  if (purge.tier !== 'none' && check.tags.length > 0) after(() => purgeEdgeCacheAgain(check.tags))
  // Once answered: render the home page and the story again while the content service is up.
  const queue = warmQueue()
  if (queue && check.tags.length > 0) {
    after(async () => queue.add(warmRequests(check.tags, await noticeRegions().get(), readSettings().site.regionHeaders[0])))
  }
  return NextResponse.json({ revalidated: check.tags }, { headers: NO_STORE })
}
