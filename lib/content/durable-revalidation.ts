/**
 * A publish webhook made durable before the site answers it (issue 18): in one fsynced SQLite
 * transaction on this machine (lib/cache/site-state-db.js), the delivery is remembered — so the
 * same signed delivery, replayed or retried, revalidates nothing, restart or not — and the time of
 * every tag it revalidates is kept (lib/cache/revalidated-tags.js), which the site's server loads
 * into Next's tag manifest when it starts: a page cached before the publish stays expired after
 * a restart, however the process ended. With REDIS_URL the times are also written to Redis before
 * the answer (lib/cache/shared-tag-times.js); while Redis is down they stay pending on disk and
 * are written as soon as it answers again. Only then does the route tell Next (`revalidateTag`)
 * and answer 200, after which the lake's outbox forgets the delivery.
 */
import { recordTagTimes, markShared, tagTimeFor } from '@/lib/cache/revalidated-tags'
import { redisConfigured } from '@/lib/cache/redis-connection'
import { writeSharedTagTimes } from '@/lib/cache/shared-tag-times'
import { openSiteStateDb } from '@/lib/cache/site-state-db'
import { revalidationProfile } from './revalidation'
import { WEBHOOK_MAX_AGE_MS } from './webhook-request'

/** A delivery is remembered as long as its signature could be accepted (5 minutes either way), then forgotten. */
export const DELIVERY_MEMORY_MS = 2 * WEBHOOK_MAX_AGE_MS

export type PublishDelivery = {
  /** Which server received it (its own origin): every instance applies its own delivery. */
  receiver: string
  signature: string
  tags: readonly string[]
}

/** `duplicate`: this receiver accepted the same signed delivery before. `shared`: Redis holds the times (false without Redis). */
export type DurablePublish = { duplicate: true } | { duplicate: false; shared: boolean }

export async function recordPublishDurably(delivery: PublishDelivery, now = Date.now()): Promise<DurablePublish> {
  const db = openSiteStateDb()
  const entries = delivery.tags.map((tag) => tagTimeFor(tag, revalidationProfile(tag), now))
  const sharedPending = redisConfigured()
  const forget = db.prepare('DELETE FROM webhook_deliveries WHERE accepted_at < ?')
  const remember = db.prepare('INSERT OR IGNORE INTO webhook_deliveries (receiver, signature, accepted_at) VALUES (?, ?, ?)')
  const accepted = db.transaction(() => {
    forget.run(now - DELIVERY_MEMORY_MS)
    if (remember.run(delivery.receiver, delivery.signature, now).changes === 0) return false
    recordTagTimes(db, entries, { sharedPending })
    return true
  })()
  if (!accepted) return { duplicate: true }
  if (!sharedPending) return { duplicate: false, shared: false }
  const shared = await writeSharedTagTimes(entries)
  if (shared) markShared(db, entries)
  return { duplicate: false, shared }
}
