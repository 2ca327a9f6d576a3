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
    for (const region of [EVERYONE, ...regions]) {
      const headers: Record<string, string> = region === EVERYONE ? {} : { [regionHeader]: region }
      requests.push({ path: `/articles/${slug}`, headers }, { path: liteArticleHref(slug), headers })
    }
  }
  return requests
}

/** Sends the requests one after another (a publish must not flood its own server); failures are ignored. */
export async function warmPages(origin: string, requests: readonly WarmRequest[], timeoutMs = 10_000): Promise<void> {
  for (const { path, headers } of requests) {
    try {
      const response = await fetch(new URL(path, origin), { headers, signal: AbortSignal.timeout(timeoutMs), cache: 'no-store' })
      await response.arrayBuffer()
    } catch {
      // Best effort: the next reader renders the page instead.
    }
  }
}
