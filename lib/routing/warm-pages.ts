/**
 * After a publish expires pages, render the most-read of them again at once, while the content
 * service is known to be up (it has just sent the webhook). An expired page cannot be served
 * stale, so without this a story published just before an outage would answer an error until
 * the content service came back; with it, the new version is already cached (issue 10).
 *
 * Warmed: the home page and each article the publish names (its region variants and lite pages
 * too), by asking the site's own server on loopback, through the front door, as a reader would.
 */
import { EVERYONE } from '@/lib/content/audience'
import { isValidArticleSlug } from '@/lib/content/models/primitives'
import { articleSlugTag } from '@/lib/content/tags'
import { liteArticleHref } from './article-variants'

const ORIGIN = Symbol.for('newsroom.siteOrigin')

/** Set by the site's server once it listens: where this process itself can be reached. */
export function setSiteOrigin(origin: string): void {
  ;(globalThis as { [ORIGIN]?: string })[ORIGIN] = origin
}

export function siteOrigin(): string | undefined {
  return (globalThis as { [ORIGIN]?: string })[ORIGIN]
}

export type WarmRequest = { path: string; headers: Record<string, string> }

/** The requests that re-render what `tags` expired: home, and every variant of each named article. */
export function warmRequests(tags: readonly string[], regions: ReadonlySet<string>, regionHeader: string): WarmRequest[] {
  const requests: WarmRequest[] = [{ path: '/', headers: {} }]
  const slugPrefix = articleSlugTag('')
  for (const tag of tags) {
    if (!tag.startsWith(slugPrefix)) continue
    const slug = tag.slice(slugPrefix.length)
    // Only slugs a page can have (the webhook body is signed, but its slug is still data).
    if (!isValidArticleSlug(slug)) continue
    for (const region of [EVERYONE, ...regions]) {
      const headers: Record<string, string> = region === EVERYONE ? {} : { [regionHeader]: region }
      requests.push({ path: `/articles/${slug}`, headers }, { path: liteArticleHref(slug), headers })
    }
  }
  return requests
}

/** Requests waiting to be sent, at most this many (a burst of publishes must not queue without end). */
export const MAX_WARM_QUEUE = 200

export type WarmQueue = {
  /** Queues `requests` (one already waiting is not queued twice); resolves when the queue has drained. */
  add(requests: readonly WarmRequest[]): Promise<void>
  readonly size: number
}

/**
 * Sends queued requests one after another, whatever webhook queued them: a burst of publishes (or
 * a replayed delivery) renders each page once, on one connection at a time, never flooding the
 * server it warms. Failures are ignored: the next reader renders the page instead.
 */
export function createWarmQueue(origin: string, { timeoutMs = 10_000, maxQueued = MAX_WARM_QUEUE } = {}): WarmQueue {
  const queued = new Map<string, WarmRequest>()
  let draining: Promise<void> | null = null

  async function drain() {
    while (queued.size > 0) {
      const [key, { path, headers }] = queued.entries().next().value as [string, WarmRequest]
      queued.delete(key)
      try {
        const response = await fetch(new URL(path, origin), { headers, signal: AbortSignal.timeout(timeoutMs), cache: 'no-store' })
        await response.arrayBuffer()
      } catch {
        // Best effort.
      }
    }
  }

  return {
    add(requests) {
      for (const request of requests) {
        if (queued.size >= maxQueued) break
        queued.set(`${request.path} ${JSON.stringify(request.headers)}`, request)
      }
      draining ??= drain().finally(() => {
        draining = null
      })
      return draining
    },
    get size() {
      return queued.size
    },
  }
}

const QUEUE = Symbol.for('newsroom.warmQueue')

/** The process-wide queue for this server's origin (see `setSiteOrigin`), or null before it listens. */
export function warmQueue(): WarmQueue | null {
  const origin = siteOrigin()
  if (!origin) return null
  const registry = globalThis as { [QUEUE]?: { origin: string; queue: WarmQueue } }
  if (registry[QUEUE]?.origin !== origin) registry[QUEUE] = { origin, queue: createWarmQueue(origin) }
  return registry[QUEUE].queue
}
