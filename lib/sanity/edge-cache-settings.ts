/**
 * The cache tier in front of the site (docs/decisions/0017-edge-cache.md): which one a publish
 * purges and how long shared caches keep pages. Read by `readSettings()` (settings.ts) like every
 * other variable; documented in the README's table through `EDGE_CACHE_SETTINGS`. No import from
 * settings.ts at run time (it imports this module): errors are raised through `fail`.
 */
import type { SettingDoc } from './settings'

export const EDGE_CACHE_TIERS = ['none', 'varnish', 'fastly', 'cloudflare'] as const

/** s-maxage when a publish purges the cache in front; pages then change only when purged. */
export const PURGED_SHARED_MAX_AGE_SECONDS = 3600
/** s-maxage when nothing purges it: a publish reaches readers within a minute. */
export const UNPURGED_SHARED_MAX_AGE_SECONDS = 60
export const DEFAULT_VARNISH_PORT = 6081
export const DEFAULT_FASTLY_API_URL = 'https://api.fastly.com'
export const DEFAULT_CLOUDFLARE_API_URL = 'https://api.cloudflare.com/client/v4'

/** Where a publish sends its purge: nowhere, every Varnish, or one CDN's API. */
export type EdgePurgeTarget =
  | { tier: 'none' }
  | { tier: 'varnish'; urls: string[] }
  | { tier: 'fastly'; serviceId: string; token: string; apiUrl: string }
  | { tier: 'cloudflare'; zoneId: string; token: string; apiUrl: string }

export interface EdgeCacheSettings {
  purge: EdgePurgeTarget
  /** EDGE_CACHE_MAX_AGE: the s-maxage of reader pages, feeds and sitemaps. */
  sharedMaxAgeSeconds: number
  /** VARNISH_PORT: where `npm start -- --cache varnish` listens. */
  varnishPort: number
}

export const EDGE_CACHE_SETTINGS: readonly SettingDoc[] = [
  { name: 'EDGE_CACHE', default: 'none', meaning: 'the cache tier in front of the site that a publish purges by key after revalidating: `none`, `varnish`, `fastly` or `cloudflare` (docs/deploying.md); `npm start -- --cache varnish` sets it' },
  { name: 'EDGE_CACHE_MAX_AGE', default: `${PURGED_SHARED_MAX_AGE_SECONDS} with a purged tier, else ${UNPURGED_SHARED_MAX_AGE_SECONDS}`, meaning: '`s-maxage` in seconds of pages, feeds and sitemaps for shared caches (1–31536000)' },
  { name: 'VARNISH_PORT', default: String(DEFAULT_VARNISH_PORT), meaning: 'where `npm start -- --cache varnish` runs Varnish (127.0.0.1) in front of the site' },
  { name: 'VARNISH_PURGE_URLS', default: '`--cache varnish`: its Varnish', meaning: 'comma-separated base URLs of every Varnish in front (each gets `PURGE` with `xkey-purge`); needed with `EDGE_CACHE=varnish`' },
  { name: 'FASTLY_SERVICE_ID', default: 'unset', meaning: 'the Fastly service to purge by surrogate key (`EDGE_CACHE=fastly`)' },
  { name: 'FASTLY_API_TOKEN', default: 'unset', meaning: 'a Fastly API token with `purge_select` scope (server only)' },
  { name: 'FASTLY_API_URL', default: DEFAULT_FASTLY_API_URL, meaning: "Fastly's API (https; a loopback http URL for tests)" },
  { name: 'CLOUDFLARE_ZONE_ID', default: 'unset', meaning: 'the Cloudflare zone (32 hex digits) to purge by cache tag (`EDGE_CACHE=cloudflare`)' },
  { name: 'CLOUDFLARE_API_TOKEN', default: 'unset', meaning: 'a Cloudflare API token with Cache Purge permission on the zone (server only)' },
  { name: 'CLOUDFLARE_API_URL', default: DEFAULT_CLOUDFLARE_API_URL, meaning: "Cloudflare's API (https; a loopback http URL for tests)" },
]

type Env = NodeJS.ProcessEnv | Record<string, string | undefined>
type Fail = (variable: string, message: string) => never

const read = (env: Env, name: string) => env[name]?.trim() || undefined
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]'])

function readUrl(env: Env, name: string, fallback: string, fail: Fail, { httpsUnlessLoopback }: { httpsUnlessLoopback: boolean }): string {
  const raw = read(env, name) ?? fallback
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return fail(name, `"${raw}" is not a URL`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') fail(name, `"${raw}" must be an http(s) URL`)
  if (url.username || url.password || url.search || url.hash) fail(name, `"${raw}" must not hold credentials, a query or a fragment`)
  if (httpsUnlessLoopback && url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) fail(name, `"${raw}" must be https (the token goes with every purge)`)
  return raw.replace(/\/+$/, '')
}

function required(env: Env, name: string, tier: string, pattern: RegExp, what: string, fail: Fail): string {
  const value = read(env, name)
  if (!value) return fail(name, `is needed with EDGE_CACHE=${tier}`)
  // Never repeated in the message: it may be a token.
  if (!pattern.test(value)) fail(name, `is not ${what}`)
  return value
}

function readPurgeTarget(env: Env, fail: Fail): EdgePurgeTarget {
  const tier = (read(env, 'EDGE_CACHE') ?? 'none').toLowerCase()
  if (!(EDGE_CACHE_TIERS as readonly string[]).includes(tier)) fail('EDGE_CACHE', `"${tier}" is not one of ${EDGE_CACHE_TIERS.join(', ')}`)
  // A variable for another tier is a mistake worth stopping for (a purge that would never happen).
  const ownVariables: Record<string, string[]> = {
    varnish: ['VARNISH_PURGE_URLS'],
    fastly: ['FASTLY_SERVICE_ID', 'FASTLY_API_TOKEN', 'FASTLY_API_URL'],
    cloudflare: ['CLOUDFLARE_ZONE_ID', 'CLOUDFLARE_API_TOKEN', 'CLOUDFLARE_API_URL'],
  }
  for (const [owner, names] of Object.entries(ownVariables)) {
    const stray = owner === tier ? undefined : names.find((name) => read(env, name))
    if (stray) fail(stray, `is set but EDGE_CACHE is ${tier}, not ${owner}`)
  }
  const token = /^[\x21-\x7e]{16,512}$/
  switch (tier) {
    case 'varnish': {
      const raw = read(env, 'VARNISH_PURGE_URLS')
      const urls = (raw ?? '').split(',').map((item) => item.trim()).filter(Boolean)
      if (urls.length === 0) return fail('VARNISH_PURGE_URLS', 'is needed with EDGE_CACHE=varnish (the base URL of every Varnish in front)')
      return { tier, urls: urls.map((url) => readUrl({ VARNISH_PURGE_URLS: url }, 'VARNISH_PURGE_URLS', url, fail, { httpsUnlessLoopback: false })) }
    }
    case 'fastly':
      return {
        tier,
        serviceId: required(env, 'FASTLY_SERVICE_ID', tier, /^[A-Za-z0-9]{1,64}$/, 'a Fastly service id (letters and digits)', fail),
        token: required(env, 'FASTLY_API_TOKEN', tier, token, 'an API token (16–512 visible characters)', fail),
        apiUrl: readUrl(env, 'FASTLY_API_URL', DEFAULT_FASTLY_API_URL, fail, { httpsUnlessLoopback: true }),
      }
    case 'cloudflare':
      return {
        tier,
        zoneId: required(env, 'CLOUDFLARE_ZONE_ID', tier, /^[a-f0-9]{32}$/, 'a Cloudflare zone id (32 hex digits)', fail),
        token: required(env, 'CLOUDFLARE_API_TOKEN', tier, token, 'an API token (16–512 visible characters)', fail),
        apiUrl: readUrl(env, 'CLOUDFLARE_API_URL', DEFAULT_CLOUDFLARE_API_URL, fail, { httpsUnlessLoopback: true }),
      }
    default:
      return { tier: 'none' }
  }
}

function readWholeNumber(env: Env, name: string, fallback: number, min: number, max: number, fail: Fail): number {
  const raw = read(env, name)
  if (raw === undefined) return fallback
  const value = Number(raw)
  if (!/^\d+$/.test(raw) || value < min || value > max) fail(name, `"${raw}" is not a whole number from ${min} to ${max}`)
  return value
}

export function readEdgeCacheSettings(env: Env, fail: Fail): EdgeCacheSettings {
  const purge = readPurgeTarget(env, fail)
  const defaultMaxAge = purge.tier === 'none' ? UNPURGED_SHARED_MAX_AGE_SECONDS : PURGED_SHARED_MAX_AGE_SECONDS
  return {
    purge,
    sharedMaxAgeSeconds: readWholeNumber(env, 'EDGE_CACHE_MAX_AGE', defaultMaxAge, 1, 31_536_000, fail),
    varnishPort: readWholeNumber(env, 'VARNISH_PORT', DEFAULT_VARNISH_PORT, 1, 65_535, fail),
  }
}
