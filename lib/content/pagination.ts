/**
 * Page numbers of the paginated lists (section pages, archive days, search results): what a page
 * number in a URL may look like, which slice of a list a page holds, and the URLs of its
 * neighbours. Page 1 is always the list's own URL (`/sections/world`); page n ≥ 2 is
 * `<base>/page/<n>` (ADR 0016).
 */

/** Stories per page of a section. */
export const SECTION_PAGE_SIZE = 30
/** Stories per page of an archive day. */
export const ARCHIVE_PAGE_SIZE = 30

/** A page number as written in a URL: digits without a leading zero, at most six of them. */
const PAGE_NUMBER = /^[1-9]\d{0,5}$/

/** The page number in `raw`, or null when it is not one (`0`, `02`, `-1`, `1.5`, `x`, too long). */
export function parsePageNumber(raw: unknown): number | null {
  if (typeof raw !== 'string' || !PAGE_NUMBER.test(raw)) return null
  return Number(raw)
}

/** How many pages `total` items fill, `size` per page: at least 1 (an empty list has one, empty page). */
export function pageCount(total: number, size: number): number {
  return Math.max(1, Math.ceil(total / size))
}

/** The GROQ slice of page `page`: `[from...to]`, end exclusive. */
export function pageSlice(page: number, size: number): { from: number; to: number } {
  return { from: (page - 1) * size, to: page * size }
}

/** `base` for page 1, `base/page/n` after it. */
export function pageHref(base: string, page: number): string {
  return page <= 1 ? base : `${base}/page/${page}`
}

export type PageLinks = {
  page: number
  pageCount: number
  /** The newer page (page − 1), or null on page 1. */
  previous: string | null
  /** The older page (page + 1), or null on the last page. */
  next: string | null
}

/** The neighbours of `page` among `pages` pages of `base`. */
export function pageLinks(base: string, page: number, pages: number, href: (base: string, page: number) => string = pageHref): PageLinks {
  return {
    page,
    pageCount: pages,
    previous: page > 1 ? href(base, page - 1) : null,
    next: page < pages ? href(base, page + 1) : null,
  }
}
