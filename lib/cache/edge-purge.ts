import 'server-only'
/**
 * A publish purges the cache tier in front (EDGE_CACHE: Varnish, Fastly or Cloudflare) by the
 * same tags it revalidates in Next, as surrogate keys (lib/cache/surrogate-keys.ts): the
 * document's own tags removed at once, the broader ones (its type's lists, site settings) soft-
 * purged — served stale while the next request refreshes them — as Next treats them
 * (`expiresAtOnce`). Cloudflare purges every tag at once (it has no soft purge by tag).
 *
 * A purge is acknowledged or it failed: `purgeEdgeCache` tries twice within about 3 s, and on
 * failure the publish webhook answers 503, so its sender (the lake's outbox, Sanity) delivers it
 * again until the purge is acknowledged. Keys a failed purge left are also kept here and sent
 * with the next purge — including a repeated delivery the webhook check calls a duplicate.
 */
import { expiresAtOnce } from '@/lib/content/revalidation'
import { readSettings } from '@/lib/sanity/settings'
import { edgePurgerFor, EdgePurgeError, type EdgePurger, type PurgeKeys } from './edge-purgers'
import { isSurrogateKey } from './surrogate-keys'

export type EdgePurgeOutcome =
  | { ok: true; tier: string; hard: string[]; soft: string[] }
  | { ok: false; tier: string; message: string; retryAfterSeconds: number }

const ATTEMPTS = 2
const RETRY_DELAY_MS = 200
/** Keys waiting for an acknowledged purge, at most this many (a long outage keeps the newest). */
const MAX_PENDING_KEYS = 5_000
const LOG_INTERVAL_MS = 30_000

type Pending = Map<string, 'hard' | 'soft'>
type PurgeState = { pendingByTier: Map<string, Pending>; lastLog: number }
const STATE = Symbol.for('newsroom.edgePurge')

function state(): PurgeState {
  const registry = globalThis as { [STATE]?: PurgeState }
  registry[STATE] ??= { pendingByTier: new Map(), lastLog: 0 }
  return registry[STATE]
}

/** The keys waiting for `tier` to acknowledge them. */
function pendingFor(tier: string): Pending {
  const { pendingByTier } = state()
  let pending = pendingByTier.get(tier)
  if (!pending) pendingByTier.set(tier, (pending = new Map()))
  return pending
}

/** The keys to purge for `tags` plus any a failed purge left; hard wins over soft. */
function keysFor(tags: readonly string[], pending: Pending): PurgeKeys {
  const kinds = new Map(pending)
  for (const tag of tags) {
    if (!isSurrogateKey(tag)) continue
    if (kinds.get(tag) !== 'hard') kinds.set(tag, expiresAtOnce(tag) ? 'hard' : 'soft')
  }
  const of = (kind: 'hard' | 'soft') => [...kinds].filter(([, value]) => value === kind).map(([key]) => key)
  return { hard: of('hard'), soft: of('soft') }
}

function remember(keys: PurgeKeys, pending: Pending) {
  for (const key of keys.soft) if (!pending.has(key)) pending.set(key, 'soft')
  for (const key of keys.hard) pending.set(key, 'hard')
  for (const key of pending.keys()) {
    if (pending.size <= MAX_PENDING_KEYS) break
    pending.delete(key)
  }
}

function log(message: string) {
  const purge = state()
  if (Date.now() - purge.lastLog < LOG_INTERVAL_MS) return
  purge.lastLog = Date.now()
  console.error(`[edge-purge] ${message}`)
}

async function purgeWith(purger: EdgePurger, keys: PurgeKeys): Promise<EdgePurgeOutcome> {
  let failure: EdgePurgeError | undefined
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    try {
      await purger.purge(keys)
      return { ok: true, tier: purger.tier, hard: [...keys.hard], soft: [...keys.soft] }
    } catch (error) {
      failure = error instanceof EdgePurgeError ? error : new EdgePurgeError(`${purger.tier} purge failed: ${error instanceof Error ? error.message : String(error)}`)
      // A tier that asked to wait is not asked again now.
      if (failure.retryAfterSeconds !== undefined) break
      if (attempt < ATTEMPTS) await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS))
    }
  }
  return { ok: false, tier: purger.tier, message: failure?.message ?? `${purger.tier} purge failed`, retryAfterSeconds: Math.min(failure?.retryAfterSeconds ?? 1, 60) }
}

/**
 * Purges `tags` (and what an earlier failed purge left) at the configured tier. Resolves once the
 * tier acknowledged every key, or with the failure; never throws. With EDGE_CACHE=none: nothing.
 */
export async function purgeEdgeCache(tags: readonly string[], purger: EdgePurger | null = edgePurgerFor(readSettings().edge.purge)): Promise<EdgePurgeOutcome> {
  if (!purger) return { ok: true, tier: 'none', hard: [], soft: [] }
  const pending = pendingFor(purger.tier)
  const keys = keysFor(tags, pending)
  if (keys.hard.length === 0 && keys.soft.length === 0) return { ok: true, tier: purger.tier, hard: [], soft: [] }
  pending.clear()
  const outcome = await purgeWith(purger, keys)
  if (!outcome.ok) {
    remember(keys, pending)
    log(`${outcome.message}; the publish webhook answers 503 so that it is delivered again`)
  }
  return outcome
}

/**
 * The same purge once more after the response (`after()`): Next applies a route's
 * `revalidateTag()` calls only once the route has answered, so a request reaching the site
 * between the first purge and that moment could put the old page back in the cache in front.
 * Best effort: failures are logged (and their keys kept for the next purge).
 */
export async function purgeEdgeCacheAgain(tags: readonly string[]): Promise<void> {
  await purgeEdgeCache(tags)
}
