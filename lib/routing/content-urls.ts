/**
 * What the front door (front-door.ts) does with a URL under /articles, /sections and /media/images
 * before any route runs: render it, or answer "not found" / "bad request" without rendering, so
 * that hostile URLs cost no page render and leave nothing in Next's page cache.
 */
import { isValidArticleSlug } from '@/lib/content/models/primitives'
import type { PublishedSlugCheck } from '@/lib/content/published-slugs'
import { isValidSlug, SECTION_SLUG_MAX } from '@/lib/content-rules'

/** A section slug as the schema allows it (alphabet and length). */
export function isValidSectionSlug(value: unknown): value is string {
  return isValidSlug(value, SECTION_SLUG_MAX)
}

export type ContentUrlDecision =
  /** Hand the request to its route. */
  | { action: 'render' }
  /** Answer with the site's 404 page; nothing is rendered for this URL or stored. */
  | { action: 'not-found'; reason: string }
  /** A malformed URL outside the pages (e.g. an image path): a plain 400. */
  | { action: 'bad-request'; reason: string }
  /** Too many slug checks are waiting: a 503 page with Retry-After. */
  | { action: 'busy' }
  /** The content service could not say whether the slug is published: a 503 page. */
  | { action: 'unavailable' }

export type ContentUrlChecks = { article: PublishedSlugCheck; section: PublishedSlugCheck }

/** Reports a failed slug check. */
export type CheckFailureReporter = (error: unknown) => void

const PAGE_ROUTES = { articles: { type: 'article', isValid: isValidArticleSlug }, sections: { type: 'section', isValid: isValidSectionSlug } } as const

/** Each path segment decoded as Next decodes route params; null when an encoding is malformed. */
function decodeSegments(pathname: string): string[] | null {
  const segments = pathname.split('/').filter(Boolean)
  try {
    return segments.map((segment) => decodeURIComponent(segment))
  } catch {
    return null
  }
}

/**
 * `draft`: the request is in Next's draft mode (an editor previewing unpublished content), so a
 * slug need not be published; its page renders dynamically and is not stored.
 */
export async function decideContentUrl(
  pathname: string,
  checks: ContentUrlChecks,
  onCheckFailure: CheckFailureReporter,
  { draft = false }: { draft?: boolean } = {},
): Promise<ContentUrlDecision> {
  const raw = pathname.split('/').filter(Boolean)
  const segments = decodeSegments(pathname)
  const top = raw[0]
  if (top === 'media') {
    return segments ? { action: 'render' } : { action: 'bad-request', reason: 'malformed percent-encoding' }
  }
  if (top !== 'articles' && top !== 'sections') return { action: 'render' }
  if (!segments) return { action: 'not-found', reason: 'malformed percent-encoding' }
  // `/articles` alone or deeper paths match no page: Next answers its static 404 without rendering.
  if (segments.length !== 2) return { action: 'render' }
  const route = PAGE_ROUTES[top]
  const slug = segments[1]
  if (!route.isValid(slug)) return { action: 'not-found', reason: 'not a valid slug' }
  if (draft) return { action: 'render' }
  try {
    const answer = await checks[route.type].check(slug)
    if (answer === 'published') return { action: 'render' }
    if (answer === 'busy') return { action: 'busy' }
    return { action: 'not-found', reason: `no published ${route.type} with this slug` }
  } catch (error) {
    // Not rendered: a page render would wait on the same failing service, and Next sends thrown
    // render errors as a JavaScript-only shell. A slug confirmed before still renders (see
    // PublishedSlugCheck.check), so cached stories keep serving.
    onCheckFailure(error)
    return { action: 'unavailable' }
  }
}
