/**
 * Region-aware legal notices without splitting the page cache. A page is prerendered once for
 * everyone, plus once per region that some notice names (e.g. RU): the front door reads the
 * reader's country from a CDN header and rewrites to that variant only when the country is one
 * of those regions, so the number of cached copies is bounded by the editors' regions, not by
 * the world's countries. Responses say `Vary: <the header>` so a shared cache keeps them apart.
 */
import { REGION_CODE_PATTERN } from '@/lib/content-rules'
import type { LegalNoticeView } from './view-models'

/** The audience of the default variant: readers from anywhere without a region notice. */
export const EVERYONE = 'everyone'

/** The reader's country from the first of `headerNames` present: an ISO 3166-1 alpha-2 code, or null. */
export function readerRegion(headers: Pick<Headers, 'get'>, headerNames: readonly string[]): string | null {
  for (const name of headerNames) {
    const value = headers.get(name)?.trim().toUpperCase()
    if (!value) continue
    return REGION_CODE_PATTERN.test(value) ? value : null
  }
  return null
}

/** The variant a reader gets: their region when a notice names it, else everyone's. */
export function audienceFor(region: string | null, noticeRegions: ReadonlySet<string>): string {
  return region !== null && noticeRegions.has(region) ? region : EVERYONE
}

/** A path segment naming an audience: `everyone` or a region code. */
export function isAudience(value: unknown): value is string {
  return value === EVERYONE || (typeof value === 'string' && REGION_CODE_PATTERN.test(value))
}

/** The notices an audience sees: everyone's, plus those whose regions include the audience's. */
export function noticesFor(notices: readonly LegalNoticeView[], audience: string): LegalNoticeView[] {
  return notices.filter((notice) => notice.regions === null || notice.regions.includes(audience))
}
