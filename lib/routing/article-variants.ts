/**
 * The internal variants of an article URL and how the front door (front-door.ts) maps to them:
 * - `/articles/<slug>`                  the page for everyone (prerendered), or, rewritten,
 *   `/articles/<slug>/region/<RU>`      the page for readers in a region some notice names;
 * - `/articles/<slug>/lite`             the lite page, rewritten to
 *   `/articles/<slug>/lite/<audience>`  (audience: `everyone` or a region code).
 * The variant paths are internal: asked for directly, they are "not found" (so nobody can fill the
 * cache with made-up regions).
 */
export const LITE_SEGMENT = 'lite'
export const REGION_SEGMENT = 'region'

export type ArticlePathKind =
  /** `/articles/<slug>`: the article page. */
  | { kind: 'page'; rawSlug: string }
  /** `/articles/<slug>/lite`: the lite page. */
  | { kind: 'lite'; rawSlug: string }
  /** A variant path asked for directly. */
  | { kind: 'internal' }

/** What an `/articles/...` path is, or null for paths this module does not handle. */
export function articlePathKind(pathname: string): ArticlePathKind | null {
  const segments = pathname.split('/').filter(Boolean)
  if (segments[0] !== 'articles' || segments.length < 2) return null
  if (segments.length === 2) return { kind: 'page', rawSlug: segments[1] }
  if (segments.length === 3 && segments[2] === LITE_SEGMENT) return { kind: 'lite', rawSlug: segments[1] }
  if (segments.length === 4 && (segments[2] === LITE_SEGMENT || segments[2] === REGION_SEGMENT)) return { kind: 'internal' }
  return null
}

/** The public URL of an article's lite page. */
export const liteArticleHref = (slug: string) => `/articles/${slug}/${LITE_SEGMENT}`
/** Internal: the lite page for an audience. */
export const liteArticleVariantPath = (slug: string, audience: string) => `/articles/${slug}/${LITE_SEGMENT}/${audience}`
/** Internal: the article page for readers in `region`. */
export const regionArticlePath = (slug: string, region: string) => `/articles/${slug}/${REGION_SEGMENT}/${region}`
