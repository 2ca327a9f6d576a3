/**
 * The embedded Studio is offline: nothing it does may depend on Sanity's hosted services. Studio
 * 5.31.2 still `fetch`es two of them on every load, whatever the configuration: the version
 * check (`sanity-cdn.com/v1/modules/…`, "is there a newer Studio?") and the feedback probe
 * (`api.sanity.io/vX/intake/feedback`, "can feedback be sent?"). Offline they fail with network
 * errors in the console. This guard answers any `fetch` to Sanity's hosts in the page itself with
 * a 503 "offline" reply, so nothing leaves the machine: the version check then finds no newer
 * version and the feedback menu stays hidden — what both do when the service is unavailable.
 * Requests to the lake (`*.localhost`) are untouched.
 */

const SANITY_HOSTED = /(^|\.)(sanity\.io|sanity\.work|sanity-cdn\.com|sanity-cdn\.work)$/i
const GUARD_MARK = Symbol.for('newsroom.studio.offlineFetchGuard')

/** True for URLs on Sanity's hosted services (api.sanity.io, sanity-cdn.com, …). */
export function isSanityHostedUrl(input: string, base = 'http://localhost/'): boolean {
  try {
    const url = new URL(input, base)
    return (url.protocol === 'https:' || url.protocol === 'http:') && SANITY_HOSTED.test(url.hostname)
  } catch {
    return false
  }
}

function urlOf(input: RequestInfo | URL): string {
  if (typeof input === 'string') return input
  if (input instanceof URL) return input.href
  return input.url
}

export function offlineReply(url: string): Response {
  const body = { error: { type: 'offline', description: `The embedded Studio does not call Sanity's hosted services (${new URL(url).hostname}).` } }
  return new Response(JSON.stringify(body), { status: 503, headers: { 'content-type': 'application/json' } })
}

/** Wraps `target.fetch` once; later calls are no-ops. */
export function installOfflineFetchGuard(target: { fetch: typeof fetch; location?: { href: string } }): void {
  const current = target.fetch as typeof fetch & { [GUARD_MARK]?: true }
  if (current[GUARD_MARK]) return
  const original = current.bind(target)
  const guarded = ((input: RequestInfo | URL, init?: RequestInit) => {
    const url = urlOf(input)
    if (isSanityHostedUrl(url, target.location?.href)) return Promise.resolve(offlineReply(new URL(url, target.location?.href).href))
    return original(input, init)
  }) as typeof fetch & { [GUARD_MARK]?: true }
  guarded[GUARD_MARK] = true
  target.fetch = guarded
}
