import 'server-only'
/**
 * One purge request per cache tier, in the shape each one documents:
 * - Varnish (vmod xkey, deploy/varnish/newsroom.vcl): `PURGE /` to every Varnish with
 *   `xkey-purge: <keys>` (removed at once) and `xkey-softpurge: <keys>` (served stale while the
 *   next request refreshes it), space-separated; acknowledged by a 200;
 * - Fastly: `POST /service/<id>/purge` with `Fastly-Key` and `{"surrogate_keys": […]}` (at most 256
 *   a request; `Fastly-Soft-Purge: 1` for the soft ones); acknowledged by a 200 whose JSON names
 *   a purge id for every key;
 * - Cloudflare: `POST /zones/<zone>/purge_cache` with a bearer token and `{"tags": […]}` (at most
 *   30 a request); acknowledged by a 200 with `"success": true`. It has no soft purge by tag.
 * Anything else throws an `EdgePurgeError` saying what came back (never the token).
 */
import type { EdgePurgeTarget } from '@/lib/sanity/edge-cache-settings'

export type PurgeKeys = { hard: readonly string[]; soft: readonly string[] }

export type EdgePurger = { tier: string; purge(keys: PurgeKeys): Promise<void> }

export class EdgePurgeError extends Error {
  constructor(
    message: string,
    /** From the tier's Retry-After, when it asked to wait (rate limits). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message)
    this.name = 'EdgePurgeError'
  }
}

/** One attempt's time limit: the publish webhook's sender gives up on the whole delivery after 5 s. */
export const PURGE_REQUEST_TIMEOUT_MS = 1_500
const FASTLY_KEYS_PER_REQUEST = 256
const CLOUDFLARE_TAGS_PER_REQUEST = 30
const VARNISH_KEYS_PER_REQUEST = 100

function inGroups<T>(items: readonly T[], size: number): T[][] {
  const groups: T[][] = []
  for (let at = 0; at < items.length; at += size) groups.push(items.slice(at, at + size))
  return groups
}

async function send(tier: string, url: string, init: RequestInit): Promise<{ response: Response; body: string }> {
  let response: Response
  try {
    response = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(PURGE_REQUEST_TIMEOUT_MS) })
  } catch (error) {
    // fetch's own error says only "fetch failed": the cause says why (ECONNREFUSED, a timeout).
    const cause = (error as { cause?: { message?: unknown } } | null)?.cause?.message
    const reason = typeof cause === 'string' ? cause : error instanceof Error ? error.message : String(error)
    throw new EdgePurgeError(`${tier} purge at ${new URL(url).origin} failed: ${reason}`)
  }
  const body = await response.text().catch(() => '')
  if (response.status !== 200) {
    const retryAfter = Number(response.headers.get('retry-after'))
    throw new EdgePurgeError(`${tier} purge at ${new URL(url).origin} answered ${response.status}: ${body.replace(/\s+/g, ' ').slice(0, 200)}`, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined)
  }
  return { response, body }
}

function parseJson(tier: string, body: string): unknown {
  try {
    return JSON.parse(body)
  } catch {
    throw new EdgePurgeError(`${tier} purge answered 200 without JSON: ${body.slice(0, 200)}`)
  }
}

export function varnishPurger(urls: readonly string[]): EdgePurger {
  const tier = 'Varnish'
  return {
    tier,
    async purge({ hard, soft }) {
      const requests = Math.max(Math.ceil(hard.length / VARNISH_KEYS_PER_REQUEST), Math.ceil(soft.length / VARNISH_KEYS_PER_REQUEST))
      const hardGroups = inGroups(hard, VARNISH_KEYS_PER_REQUEST)
      const softGroups = inGroups(soft, VARNISH_KEYS_PER_REQUEST)
      // Every Varnish keeps its own copies: each one must acknowledge.
      for (let i = 0; i < requests; i++) {
        const headers: Record<string, string> = {}
        if (hardGroups[i]?.length) headers['xkey-purge'] = hardGroups[i].join(' ')
        if (softGroups[i]?.length) headers['xkey-softpurge'] = softGroups[i].join(' ')
        await Promise.all(urls.map((url) => send(tier, `${url}/`, { method: 'PURGE', headers })))
      }
    },
  }
}

export function fastlyPurger({ serviceId, token, apiUrl }: { serviceId: string; token: string; apiUrl: string }): EdgePurger {
  const tier = 'Fastly'
  const url = `${apiUrl}/service/${encodeURIComponent(serviceId)}/purge`
  const purgeGroup = async (keys: string[], soft: boolean) => {
    const headers: Record<string, string> = { 'fastly-key': token, accept: 'application/json', 'content-type': 'application/json' }
    if (soft) headers['fastly-soft-purge'] = '1'
    const { body } = await send(tier, url, { method: 'POST', headers, body: JSON.stringify({ surrogate_keys: keys }) })
    const ids = parseJson(tier, body)
    const missing = keys.filter((key) => typeof (ids as Record<string, unknown> | null)?.[key] !== 'string')
    if (missing.length > 0) throw new EdgePurgeError(`Fastly purge did not acknowledge ${missing.join(' ')}`)
  }
  return {
    tier,
    async purge({ hard, soft }) {
      for (const keys of inGroups(hard, FASTLY_KEYS_PER_REQUEST)) await purgeGroup(keys, false)
      for (const keys of inGroups(soft, FASTLY_KEYS_PER_REQUEST)) await purgeGroup(keys, true)
    },
  }
}

export function cloudflarePurger({ zoneId, token, apiUrl }: { zoneId: string; token: string; apiUrl: string }): EdgePurger {
  const tier = 'Cloudflare'
  const url = `${apiUrl}/zones/${encodeURIComponent(zoneId)}/purge_cache`
  return {
    tier,
    async purge({ hard, soft }) {
      for (const tags of inGroups([...hard, ...soft], CLOUDFLARE_TAGS_PER_REQUEST)) {
        const { body } = await send(tier, url, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ tags }),
        })
        const answer = parseJson(tier, body) as { success?: unknown; errors?: unknown } | null
        if (answer?.success !== true) throw new EdgePurgeError(`Cloudflare purge was not successful: ${JSON.stringify(answer?.errors ?? answer).slice(0, 200)}`)
      }
    },
  }
}

/** The purger for the configured tier (EDGE_CACHE), or null when nothing is in front. */
export function edgePurgerFor(target: EdgePurgeTarget): EdgePurger | null {
  switch (target.tier) {
    case 'varnish':
      return varnishPurger(target.urls)
    case 'fastly':
      return fastlyPurger(target)
    case 'cloudflare':
      return cloudflarePurger(target)
    default:
      return null
  }
}
