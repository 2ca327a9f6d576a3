/**
 * Surrogate keys: the content tags a cacheable response depends on, named in the headers the
 * common cache tiers read — `Surrogate-Key` (Fastly; Varnish's vmod xkey through the VCL in
 * deploy/varnish) and `Cache-Tag` (Cloudflare). They are the same tags the site's fetches carry
 * and a publish revalidates (lib/content/tags.ts), so the publish webhook purges the cache in
 * front with exactly the tags it expires in Next (lib/cache/edge-purge.ts).
 *
 * Plain code on the public path alone (the site's server runs it for every response, outside
 * Next): `__tests__/cache/surrogate-keys-match-fetches.test.ts` renders each route through the
 * real query path and checks that these are exactly the tags its fetches carry.
 */
import { articleSlugTag, documentTag, SITE_SETTINGS_TAG, typeTag } from '@/lib/content/tags'

/** The site chrome and root layout of every page: site settings, the section nav, footer notices. */
const SITE_KEYS = [SITE_SETTINGS_TAG, typeTag('siteSettings'), typeTag('section'), typeTag('legalNotice')]
/** The breaking-news banner on the home, article and section pages. */
const BREAKING_KEYS = [typeTag('breakingNews'), typeTag('article')]
/** Sitemaps and the feed: every article with its section and agencies, and the site's base URL. */
const DISTRIBUTION_KEYS = [typeTag('article'), typeTag('section'), typeTag('agency'), typeTag('siteSettings'), SITE_SETTINGS_TAG]
/** The article query itself (its section, agencies and notices are dereferenced), plus related stories. */
const articleKeys = (slug: string) => [articleSlugTag(slug), typeTag('article'), typeTag('section'), typeTag('agency'), typeTag('legalNotice'), SITE_SETTINGS_TAG]

/** The answer to "which audience is a reader from this country" (lib/routing/edge-audience.ts). */
export const REGION_AUDIENCE_KEYS = [typeTag('legalNotice')]

const unique = (...lists: string[][]) => [...new Set(lists.flat())]

const ARTICLE_PAGE = /^\/articles\/([^/]+)\/?$/
const LITE_PAGE = /^\/articles\/([^/]+)\/lite\/?$/
/** A section's first page and its older pages (`/sections/<slug>/page/<n>`). */
const SECTION_PAGE = /^\/sections\/([^/]+)(?:\/page\/\d{1,6})?\/?$/
/** The date archive: its index, a year, a month, a day and a day's older pages. */
const ARCHIVE_PAGE = /^\/archive(?:\/\d{4}(?:\/\d{2}(?:\/\d{2}(?:\/page\/\d{1,6})?)?)?)?\/?$/
/** The sitemap index's children: the pages' sitemap and each year's parts. */
const CHILD_SITEMAP = /^\/sitemaps\/(?:pages|articles\/\d{4}-\d{1,4})\.xml$/
/** `/media/images/<project>/<dataset>/<sha1>-<w>x<h>.<ext>` is the asset `image-<sha1>-<w>x<h>-<ext>`. */
const IMAGE = /^\/media\/images\/[^/]+\/[^/]+\/([a-f0-9]{40}-\d{1,5}x\d{1,5})\.([a-z]{3,4})$/

const FIXED: Record<string, string[]> = {
  '/': unique(SITE_KEYS, BREAKING_KEYS, [typeTag('article')]),
  '/feed.xml': unique(DISTRIBUTION_KEYS, SITE_KEYS),
  // The sitemap index: its children's names and dates (stories per year), not their agencies.
  '/sitemap.xml': unique(DISTRIBUTION_KEYS, SITE_KEYS).filter((key) => key !== typeTag('agency')),
  '/news-sitemap.xml': unique(DISTRIBUTION_KEYS, SITE_KEYS),
  '/robots.txt': SITE_KEYS,
}

function decodedSlug(raw: string): string | null {
  try {
    return decodeURIComponent(raw)
  } catch {
    return null
  }
}

/**
 * The keys of the response to a GET of `pathname` (the public path, before the front door's
 * rewrites: the region variants of an article share its keys), or null for paths whose answers
 * carry no content tags (Next's hashed files, the icon) or are never cached (the API, Studio).
 */
export function surrogateKeysForPath(pathname: string): string[] | null {
  const fixed = FIXED[pathname]
  if (fixed) return fixed
  let match = ARTICLE_PAGE.exec(pathname)
  if (match) {
    const slug = decodedSlug(match[1])
    return slug === null ? null : unique(SITE_KEYS, articleKeys(slug), BREAKING_KEYS)
  }
  match = LITE_PAGE.exec(pathname)
  if (match) {
    const slug = decodedSlug(match[1])
    return slug === null ? null : unique(articleKeys(slug), SITE_KEYS)
  }
  if (SECTION_PAGE.test(pathname)) return unique(SITE_KEYS, [typeTag('section'), typeTag('article')], BREAKING_KEYS)
  if (ARCHIVE_PAGE.test(pathname)) return unique(SITE_KEYS, [typeTag('article')])
  if (CHILD_SITEMAP.test(pathname)) return unique(DISTRIBUTION_KEYS, SITE_KEYS)
  match = IMAGE.exec(pathname)
  if (match) return [documentTag('sanity.imageAsset', `image-${match[1]}-${match[2]}`)]
  return null
}

/** A key every tier accepts: visible ASCII without the separators (space for Surrogate-Key, comma for Cache-Tag). */
const KEY = /^[\x21-\x2b\x2d-\x7e]{1,256}$/

export function isSurrogateKey(value: string): boolean {
  return KEY.test(value)
}

/** The two headers for `keys` (invalid keys are left out: they could split into other keys). */
export function surrogateKeyHeaders(keys: readonly string[]): { 'Surrogate-Key': string; 'Cache-Tag': string } | null {
  const valid = keys.filter(isSurrogateKey)
  if (valid.length === 0) return null
  return { 'Surrogate-Key': valid.join(' '), 'Cache-Tag': valid.join(',') }
}
