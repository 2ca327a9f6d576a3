/**
 * The date archive's URLs and the ranges of `publishedAt` they stand for (ADR 0016):
 *
 *   /archive                       every year with stories
 *   /archive/2026                  its months with stories
 *   /archive/2026/12               its days with stories
 *   /archive/2026/12/06            the day's stories, newest first
 *   /archive/2026/12/06/page/2     …and their next page
 *
 * A period is the stories whose `publishedAt` *as written* starts with its key (`2026-12-06`):
 * ranges compare strings (`publishedAt >= "2026-12-06" && publishedAt < "2026-12-07"`), as
 * `order(publishedAt)` does everywhere on the site, so each story is in exactly one day, its
 * month and its year whatever its precision or zone. Studio writes UTC (`…Z`), so days are UTC days.
 */
import { parsePageNumber } from './pagination'

export const ARCHIVE_PATH = '/archive'

/** The stories the archive lists: published articles with a slug (as every list on the site). */
export const ARCHIVE_FILTER = '_type == "article" && defined(slug.current)'

export type ArchivePeriod =
  | { level: 'year'; year: number }
  | { level: 'month'; year: number; month: number }
  | { level: 'day'; year: number; month: number; day: number }

export type ArchiveRoute = { kind: 'index' } | { kind: 'period'; period: ArchivePeriod; page: number }

export type ArchivePathDecision =
  | ({ action: 'render' } & ArchiveRoute)
  /** The same page at its canonical URL (`/archive/2026/1` → `/archive/2026/01`, `…/page/1` → the day). */
  | { action: 'redirect'; location: string }
  | { action: 'not-found'; reason: string }

const YEAR = /^\d{4}$/
const TWO_DIGITS = /^(0[1-9]|[1-9]\d)$/
const ONE_DIGIT = /^[1-9]$/

const pad = (value: number) => String(value).padStart(2, '0')

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/** `2026`, `2026-12` or `2026-12-06`: the prefix of `publishedAt` the period holds. */
export function periodKey(period: ArchivePeriod): string {
  if (period.level === 'year') return String(period.year)
  if (period.level === 'month') return `${period.year}-${pad(period.month)}`
  return `${period.year}-${pad(period.month)}-${pad(period.day)}`
}

/** The period after `period` (same level), for its range's upper bound and "next" links. */
export function followingPeriod(period: ArchivePeriod): ArchivePeriod {
  if (period.level === 'year') return { level: 'year', year: period.year + 1 }
  if (period.level === 'month') return period.month === 12 ? { level: 'month', year: period.year + 1, month: 1 } : { ...period, month: period.month + 1 }
  const next = new Date(Date.UTC(period.year, period.month - 1, period.day + 1))
  return { level: 'day', year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() }
}

/** The period before `period` (same level). */
export function precedingPeriod(period: ArchivePeriod): ArchivePeriod {
  if (period.level === 'year') return { level: 'year', year: period.year - 1 }
  if (period.level === 'month') return period.month === 1 ? { level: 'month', year: period.year - 1, month: 12 } : { ...period, month: period.month - 1 }
  const previous = new Date(Date.UTC(period.year, period.month - 1, period.day - 1))
  return { level: 'day', year: previous.getUTCFullYear(), month: previous.getUTCMonth() + 1, day: previous.getUTCDate() }
}

/** `publishedAt >= from && publishedAt < to` selects the period's stories (string comparison). */
export function periodRange(period: ArchivePeriod): { from: string; to: string } {
  return { from: periodKey(period), to: periodKey(followingPeriod(period)) }
}

export function periodHref(period: ArchivePeriod): string {
  return `${ARCHIVE_PATH}/${periodKey(period).replace(/-/g, '/')}`
}

/** The months of a year, or the days of a month: the periods one level down, in calendar order. */
export function childPeriods(period: Exclude<ArchivePeriod, { level: 'day' }>): ArchivePeriod[] {
  if (period.level === 'year') return Array.from({ length: 12 }, (_, i) => ({ level: 'month', year: period.year, month: i + 1 }))
  return Array.from({ length: daysInMonth(period.year, period.month) }, (_, i) => ({ level: 'day', year: period.year, month: period.month, day: i + 1 }))
}

/** The year, month and day a period lies in, from the top (for breadcrumbs). */
export function enclosingPeriods(period: ArchivePeriod): ArchivePeriod[] {
  const year: ArchivePeriod = { level: 'year', year: period.year }
  if (period.level === 'year') return [year]
  const month: ArchivePeriod = { level: 'month', year: period.year, month: period.month }
  return period.level === 'month' ? [year, month] : [year, month, period]
}

/** How a period is named to readers: "2026", "December 2026", "6 December 2026" (in `locale`). */
export function periodLabel(period: ArchivePeriod, locale: string): string {
  if (period.level === 'year') return String(period.year)
  const date = new Date(Date.UTC(period.year, period.month - 1, period.level === 'day' ? period.day : 1))
  const options: Intl.DateTimeFormatOptions =
    period.level === 'month' ? { month: 'long', year: 'numeric', timeZone: 'UTC' } : { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }
  return new Intl.DateTimeFormat(locale, options).format(date)
}

/** A month's or day's short name within its parent: "December", "6". */
export function childLabel(period: ArchivePeriod, locale: string): string {
  if (period.level === 'month') return new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(period.year, period.month - 1, 1)))
  if (period.level === 'day') return String(period.day)
  return String(period.year)
}

/** A number segment: canonical (`06`), or one digit to redirect (`6`), or neither. */
function twoDigits(raw: string | undefined): { value: number; canonical: boolean } | null {
  if (raw === undefined) return null
  if (TWO_DIGITS.test(raw)) return { value: Number(raw), canonical: true }
  if (ONE_DIGIT.test(raw)) return { value: Number(raw), canonical: false }
  return null
}

/**
 * What `/archive/…` names, from its decoded path segments after `archive`: a page to render, a
 * redirect to the canonical URL, or "not found" (malformed, impossible dates, page 0…).
 * Whether the period has stories is for the caller to ask.
 */
export function decideArchivePath(segments: readonly string[]): ArchivePathDecision {
  if (segments.length === 0) return { action: 'render', kind: 'index' }
  const [rawYear, rawMonth, rawDay, pageWord, rawPage, ...rest] = segments
  const notFound = (reason: string): ArchivePathDecision => ({ action: 'not-found', reason })
  if (rest.length > 0) return notFound('too many segments')
  if (!YEAR.test(rawYear) || rawYear.startsWith('0')) return notFound('not a year')
  const year = Number(rawYear)
  if (rawMonth === undefined) return { action: 'render', kind: 'period', period: { level: 'year', year }, page: 1 }
  const month = twoDigits(rawMonth)
  if (!month || month.value > 12) return notFound('not a month')
  if (rawDay === undefined) {
    const period: ArchivePeriod = { level: 'month', year, month: month.value }
    return month.canonical ? { action: 'render', kind: 'period', period, page: 1 } : { action: 'redirect', location: periodHref(period) }
  }
  const day = twoDigits(rawDay)
  if (!day || day.value > daysInMonth(year, month.value)) return notFound('not a day of that month')
  const period: ArchivePeriod = { level: 'day', year, month: month.value, day: day.value }
  let page = 1
  if (pageWord !== undefined) {
    const parsed = pageWord === 'page' ? parsePageNumber(rawPage) : null
    if (parsed === null) return notFound('not a page number')
    page = parsed
  }
  if (!month.canonical || !day.canonical || (pageWord !== undefined && page === 1)) {
    return { action: 'redirect', location: page === 1 ? periodHref(period) : `${periodHref(period)}/page/${page}` }
  }
  return { action: 'render', kind: 'period', period, page }
}
