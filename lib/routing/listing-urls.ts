/**
 * What the front door (front-door.ts) does with the URLs of paginated lists before any route runs
 * (ADR 0016): `/sections/<slug>/page/<n>`, `/archive/…` and `/sitemaps/articles/<year>-<part>.xml`.
 * A malformed URL, a page past the last one, an empty period or an unknown section is answered
 * "not found" without rendering (nothing reaches the page cache); a non-canonical form (`/page/1`,
 * `/archive/2026/1`) is redirected to the canonical URL. The counts come from `ListingSizes`
 * (remembered for a minute, forgotten on publish).
 */
import { decideArchivePath, periodKey, periodRange } from '@/lib/content/archive-dates'
import type { ListingKey, ListingSizes } from '@/lib/content/listing-sizes'
import { ARCHIVE_PAGE_SIZE, pageCount, parsePageNumber, SECTION_PAGE_SIZE } from '@/lib/content/pagination'
import { parseArticleSitemapFile, partsOf } from '@/lib/content/sitemap-files'
import { isValidSectionSlug, type CheckFailureReporter } from './content-urls'

export type ListingUrlDecision =
  | { action: 'render' }
  | { action: 'not-found'; reason: string }
  | { action: 'redirect'; location: string }
  | { action: 'busy' }
  | { action: 'unavailable' }

/** Paths this module decides on; everything else is not a paginated list's URL. */
const LISTING = /^\/(?:sections\/[^/]+\/page(?:\/|$)|archive(?:\/|$)|sitemaps\/articles\/)/

export const isListingPath = (pathname: string) => LISTING.test(pathname)

const notFound = (reason: string): ListingUrlDecision => ({ action: 'not-found', reason })

/** Each segment decoded as Next decodes route params; null when an encoding is malformed. */
function decodeSegments(pathname: string): string[] | null {
  try {
    return pathname.split('/').filter(Boolean).map((segment) => decodeURIComponent(segment))
  } catch {
    return null
  }
}

type Range = { key: ListingKey; pages: (size: number) => number; page: number; what: string }

/** The list a URL names and the page asked for, or a decision without counting. */
function listOf(segments: string[], sitemapUrlsPerFile: number): Range | ListingUrlDecision {
  const [top] = segments
  if (top === 'sections') {
    const [, slug, , rawPage, ...rest] = segments
    if (!isValidSectionSlug(slug)) return notFound('not a valid slug')
    const page = parsePageNumber(rawPage)
    if (page === null || rest.length > 0) return notFound('not a page number')
    if (page === 1) return { action: 'redirect', location: `/sections/${slug}` }
    return { key: { kind: 'section', slug }, pages: (size) => pageCount(size, SECTION_PAGE_SIZE), page, what: 'section' }
  }
  if (top === 'archive') {
    const decision = decideArchivePath(segments.slice(1))
    if (decision.action !== 'render') return decision
    if (decision.kind === 'index') return { action: 'render' }
    const { from, to } = periodRange(decision.period)
    return { key: { kind: 'period', from, to }, pages: (size) => pageCount(size, ARCHIVE_PAGE_SIZE), page: decision.page, what: `archive ${periodKey(decision.period)}` }
  }
  const named = segments.length === 3 ? parseArticleSitemapFile(segments[2]) : null
  if (!named) return notFound('not a sitemap file')
  const { from, to } = periodRange({ level: 'year', year: named.year })
  return { key: { kind: 'period', from, to }, pages: (size) => partsOf(size, sitemapUrlsPerFile), page: named.part, what: `sitemap of ${named.year}` }
}

export async function decideListingUrl(pathname: string, sizes: ListingSizes, onCheckFailure: CheckFailureReporter, sitemapUrlsPerFile: number): Promise<ListingUrlDecision> {
  const segments = decodeSegments(pathname)
  if (!segments) return notFound('malformed percent-encoding')
  const list = listOf(segments, sitemapUrlsPerFile)
  if ('action' in list) return list
  let size: Awaited<ReturnType<ListingSizes['size']>>
  try {
    size = await sizes.size(list.key)
  } catch (error) {
    onCheckFailure(error)
    return { action: 'unavailable' }
  }
  if (size === 'busy') return { action: 'busy' }
  if (size === null) return notFound(`no published ${list.what}`)
  if (size === 0) return notFound(`no stories in ${list.what}`)
  if (list.page > list.pages(size)) return notFound(`${list.what} has ${list.pages(size)} page(s)`)
  return { action: 'render' }
}
