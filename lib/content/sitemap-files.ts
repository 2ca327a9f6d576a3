/**
 * The sitemap index's children and their URLs (ADR 0016), with no content access: used by the
 * sitemap routes (sitemaps.ts) and by the front door, which answers a child past a year's last
 * part with a 404 before rendering.
 */

export const PAGES_SITEMAP_PATH = '/sitemaps/pages.xml'
const ARTICLE_SITEMAP_FILE = /^(\d{4})-([1-9]\d{0,5})\.xml$/

/** `/sitemaps/articles/2026-1.xml`. */
export const articleSitemapPath = (year: number, part: number) => `/sitemaps/articles/${year}-${part}.xml`

/** The year and part a child sitemap's file name names, or null. */
export function parseArticleSitemapFile(file: string): { year: number; part: number } | null {
  const match = ARTICLE_SITEMAP_FILE.exec(file)
  if (!match || match[1].startsWith('0')) return null
  return { year: Number(match[1]), part: Number(match[2]) }
}

/** How many child sitemaps a year with `count` stories has, `perFile` URLs each. */
export const partsOf = (count: number, perFile: number) => Math.ceil(count / perFile)

/** The children of the sitemap index: the pages' sitemap, then each year's parts, newest year first. */
export function sitemapIndexPaths(years: readonly { year: number; count: number }[], perFile: number): string[] {
  return [PAGES_SITEMAP_PATH, ...years.flatMap(({ year, count }) => Array.from({ length: partsOf(count, perFile) }, (_, i) => articleSitemapPath(year, i + 1)))]
}

