/**
 * What shared caches (Varnish, Fastly, Cloudflare, any CDN) may do with each response of the
 * site, decided when its head is written (scripts/site/edge-headers.ts): pages, feeds, sitemaps
 * and images get their surrogate keys (surrogate-keys.ts); pages, feeds and sitemaps also get
 * a Cache-Control for shared caches — kept `s-maxage` (EDGE_CACHE_MAX_AGE), served stale while
 * refreshed for `stale-while-revalidate` and through an origin outage for `stale-if-error`.
 * Nothing Next or a route marked private becomes shareable: draft mode, the Studio, the API, a
 * response setting a cookie and every error are never cached. See docs/decisions/0017-edge-cache.md.
 */
import { surrogateKeyHeaders, surrogateKeysForPath } from './surrogate-keys'

/** How long a shared cache may serve a copy while it fetches a fresh one (the VCL's `req.grace`). */
export const SHARED_STALE_WHILE_REVALIDATE_SECONDS = 60
/** How long a shared cache may serve its last copy while the site is down or failing. */
export const SHARED_STALE_IF_ERROR_SECONDS = 86_400
/**
 * A page Next answered from its cache while it renders the new version in the background
 * (`x-nextjs-cache: STALE`, e.g. the home page just after a publish): shared caches keep that
 * copy one second only, so the next request after it gets the new render, not an hour of the old.
 */
export const STALE_RENDER_SHARED_MAX_AGE_SECONDS = 1

export type OriginResponse = {
  method: string
  /** The path as requested (before the front door's rewrites). */
  pathname: string
  /** The request carries draft mode's cookies (Next's bypass cookie or our draft session). */
  draft: boolean
  status: number
  /** The Cache-Control Next or the route set, if any. */
  cacheControl: string | undefined
  /** Next's `x-nextjs-cache` (HIT, MISS, STALE, REVALIDATED). */
  nextCache: string | undefined
  setsCookie: boolean
}

/** Paths never shared: the Studio, the API, and Next's own files (hashed, `immutable` from Next). */
const NOT_SHARED_HERE = /^\/(?:api|studio|_next)(?:\/|$)/
const PRIVATE = /(?:^|,)\s*(?:private|no-store|no-cache)\b/i
const NO_STORE = 'no-store'

/** Key headers by path: computed once per page (every 200 of a page asks again), at most this many kept. */
const KEY_HEADERS_KEPT = 5_000
const keyHeadersByPath = new Map<string, ReturnType<typeof surrogateKeyHeaders>>()

function keyHeadersFor(pathname: string): ReturnType<typeof surrogateKeyHeaders> {
  let headers = keyHeadersByPath.get(pathname)
  if (headers === undefined) {
    if (keyHeadersByPath.size >= KEY_HEADERS_KEPT) keyHeadersByPath.clear()
    const keys = surrogateKeysForPath(pathname)
    headers = keys && surrogateKeyHeaders(keys)
    keyHeadersByPath.set(pathname, headers)
  }
  return headers
}

export function sharedCacheControl(sharedMaxAgeSeconds: number): string {
  return `public, max-age=0, s-maxage=${sharedMaxAgeSeconds}, stale-while-revalidate=${SHARED_STALE_WHILE_REVALIDATE_SECONDS}, stale-if-error=${SHARED_STALE_IF_ERROR_SECONDS}`
}

/** The headers to set on `response` (on top of what it has), or null to leave it as it is. */
export function sharedCacheHeaders(response: OriginResponse, sharedMaxAgeSeconds: number): Record<string, string> | null {
  if (response.method !== 'GET' && response.method !== 'HEAD') return null
  if (response.draft || NOT_SHARED_HERE.test(response.pathname)) return null
  const declaredPrivate = response.cacheControl !== undefined && PRIVATE.test(response.cacheControl)
  // Errors and redirects: never kept (a 404 must not outlive the publish that fills its URL).
  if (response.status !== 200 && response.status !== 304) return declaredPrivate ? null : { 'Cache-Control': NO_STORE }
  if (response.setsCookie) return { 'Cache-Control': 'private, no-store' }
  if (declaredPrivate || response.cacheControl === undefined) return null
  const keyHeaders = keyHeadersFor(response.pathname)
  if (!keyHeaders) return null
  // Images: content-addressed and `immutable` already; the key lets a deleted asset be purged.
  if (/\bimmutable\b/i.test(response.cacheControl)) return keyHeaders
  const maxAge = response.nextCache?.toUpperCase() === 'STALE' ? STALE_RENDER_SHARED_MAX_AGE_SECONDS : sharedMaxAgeSeconds
  return { 'Cache-Control': sharedCacheControl(maxAge), ...keyHeaders }
}
