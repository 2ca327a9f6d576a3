/**
 * The date archive's content (ADR 0016): which years have stories, how many stories each month
 * or day holds, and one page of a day's stories. Periods are ranges of `publishedAt` compared as
 * strings (archive-dates.ts). Every fetch carries `type:article`, so a publish revalidates the
 * archive as it does the home page.
 */
import { defineQuery } from 'next-sanity'
import { z } from 'zod'
import type { ArticleCardView } from './view-models'
import { childLabel, childPeriods, enclosingPeriods, periodHref, periodKey, periodLabel, periodRange, ARCHIVE_PATH, type ArchivePeriod } from './archive-dates'
import { fetchContent } from './fetch'
import { ARTICLE_CARD_PROJECTION, articleCardResult } from './models/article-card'
import { isoDateTime } from './models/primitives'
import { parseCards } from './map'
import { ARCHIVE_PAGE_SIZE, pageCount, pageLinks, pageSlice, type PageLinks } from './pagination'
import { typeTag } from './tags'

export const ARCHIVE_TAGS = [typeTag('article')]
/** Years the archive index lists at most (from the newest story's year back). */
const MAX_YEARS = 300

/*
 * Every query reads one `*`: a count over a range, an ordered slice, or the first story before or
 * after a date. Each is cheap for a content lake with an index on `publishedAt` (the embedded
 * lake runs one-`*` queries in its cheap lane; several `*` in one query are "costly", and a crawler
 * walking the archive would use up the site's share of the lake's workers), and the hosted
 * Content Lake answers them the same. A page sends a few of them at once.
 */

/**
 * The date of the first story, or of the last. `> ""` (a string, not empty) rather than `defined()`:
 * a content lake reads its date index from the strings on, never walking stories without a date.
 */
export const firstPublishedQuery = defineQuery(`*[_type == "article" && defined(slug.current) && publishedAt > ""] | order(publishedAt asc)[0].publishedAt`)
export const lastPublishedQuery = defineQuery(`*[_type == "article" && defined(slug.current) && publishedAt > ""] | order(publishedAt desc)[0].publishedAt`)
/** The last story published before `$from`, and the first from `$to` on (a period's neighbours with stories). */
export const publishedBeforeQuery = defineQuery(`*[_type == "article" && defined(slug.current) && publishedAt < $from] | order(publishedAt desc)[0].publishedAt`)
export const publishedFromQuery = defineQuery(`*[_type == "article" && defined(slug.current) && publishedAt >= $to] | order(publishedAt asc)[0].publishedAt`)
export const publishedAtModel = isoDateTime.nullable()

/** How many stories the range holds. */
export const periodCountQuery = defineQuery(`count(*[_type == "article" && defined(slug.current) && publishedAt >= $from && publishedAt < $to])`)
export const periodCountModel = z.number().int().nonnegative()

/** When each story of the range was published, oldest first (a month's days are counted from them). */
export const periodDatesQuery = defineQuery(`*[_type == "article" && defined(slug.current) && publishedAt >= $from && publishedAt < $to] | order(publishedAt asc).publishedAt`)
export const periodDatesModel = z.array(z.string())

/** One page of a day's stories, newest first (ties by `_id`). */
export const archiveDayQuery = defineQuery(`*[_type == "article" && defined(slug.current) && publishedAt >= $from && publishedAt < $to] | order(publishedAt desc, _id asc)[$start...$end]{${ARTICLE_CARD_PROJECTION}}`)
export const archiveDayModel = z.array(articleCardResult)

/** A period as a link, with how many stories it holds (0: shown without a link). */
export type ArchiveLink = { label: string; href: string; count: number }

export type ArchivePeriodData = {
  /** "December 2026". */
  title: string
  /** Archive › 2026 › December 2026: the pages above this one. */
  crumbs: { label: string; href: string }[]
  /** The nearest period of the same kind before or after this one that has stories. */
  previous: { label: string; href: string } | null
  next: { label: string; href: string } | null
  /** Months of a year or days of a month, in calendar order (a day has none). */
  children: ArchiveLink[]
  total: number
}

export type ArchiveDayData = ArchivePeriodData & { stories: ArticleCardView[]; pages: PageLinks }

async function fetchParsed<T extends z.ZodType>(query: string, params: Record<string, unknown>, model: T, what: string): Promise<z.output<T>> {
  const parsed = model.safeParse(await fetchContent(query, params, ARCHIVE_TAGS))
  if (!parsed.success) throw new Error(`archive: the content service answered ${what} with an unexpected shape`)
  return parsed.data
}

const countStories = (periods: readonly ArchivePeriod[]) => Promise.all(periods.map((period) => fetchParsed(periodCountQuery, periodRange(period), periodCountModel, 'a story count')))

/** The period of `level` that a `publishedAt` (as written) falls in. */
function periodOf(publishedAt: string, level: ArchivePeriod['level']): ArchivePeriod {
  const [year, month, day] = publishedAt.slice(0, 10).split('-').map(Number)
  if (level === 'year') return { level, year }
  return level === 'month' ? { level, year, month } : { level, year, month, day }
}

/** Each year with stories and how many, newest first. */
export async function getYearCounts(): Promise<{ year: number; count: number }[]> {
  const [first, last] = await Promise.all([
    fetchParsed(firstPublishedQuery, {}, publishedAtModel, 'the first story’s date'),
    fetchParsed(lastPublishedQuery, {}, publishedAtModel, 'the last story’s date'),
  ])
  if (!first || !last) return []
  const newest = Number(last.slice(0, 4))
  const oldest = Math.max(Number(first.slice(0, 4)), newest - MAX_YEARS + 1)
  const years = Array.from({ length: newest - oldest + 1 }, (_, i) => newest - i)
  const counts = await countStories(years.map((year) => ({ level: 'year', year })))
  return years.map((year, i) => ({ year, count: counts[i] })).filter((year) => year.count > 0)
}

/** The years with stories, newest first, as links. */
export async function getArchiveYears(locale: string): Promise<ArchiveLink[]> {
  return (await getYearCounts()).map(({ year, count }) => {
    const period: ArchivePeriod = { level: 'year', year }
    return { label: periodLabel(period, locale), href: periodHref(period), count }
  })
}

/**
 * How many stories the period holds and, for a year or a month, each of its months or days: a
 * year's months are twelve counts; a month's days are counted here from one query of the month's
 * dates (one query rather than 31 — a month's dates are few).
 */
async function periodCounts(period: ArchivePeriod): Promise<{ total: number; children: number[] }> {
  if (period.level === 'day') return { total: (await countStories([period]))[0], children: [] }
  if (period.level === 'year') {
    const [total, ...children] = await countStories([period, ...childPeriods(period)])
    return { total, children }
  }
  const dates = await fetchParsed(periodDatesQuery, periodRange(period), periodDatesModel, 'the month’s dates')
  const byDay = new Map<string, number>()
  for (const date of dates) byDay.set(date.slice(0, 10), (byDay.get(date.slice(0, 10)) ?? 0) + 1)
  return { total: dates.length, children: childPeriods(period).map((child) => byDay.get(periodKey(child)) ?? 0) }
}

/**
 * A year, month or day with its story count, the nearest periods before and after it with stories
 * (unless `neighbours` is false: a day page does without, two queries fewer on the archive's most
 * numerous pages) and, for a year or month, its months or days with theirs. Null when the period
 * has no stories.
 */
export async function getArchivePeriod(period: ArchivePeriod, locale: string, { neighbours = true }: { neighbours?: boolean } = {}): Promise<ArchivePeriodData | null> {
  const range = periodRange(period)
  const [{ total, children: counts }, before, after] = await Promise.all([
    periodCounts(period),
    neighbours ? fetchParsed(publishedBeforeQuery, { from: range.from }, publishedAtModel, 'the story before') : null,
    neighbours ? fetchParsed(publishedFromQuery, { to: range.to }, publishedAtModel, 'the story after') : null,
  ])
  if (total === 0) return null
  const link = (date: string | null) => {
    if (!date) return null
    const neighbour = periodOf(date, period.level)
    return { label: periodLabel(neighbour, locale), href: periodHref(neighbour) }
  }
  const children = period.level === 'day' ? [] : childPeriods(period)
  return {
    title: periodLabel(period, locale),
    crumbs: [{ label: 'Archive', href: ARCHIVE_PATH }, ...enclosingPeriods(period).slice(0, -1).map((p) => ({ label: periodLabel(p, locale), href: periodHref(p) }))],
    previous: link(before),
    next: link(after),
    children: children.map((child, i) => ({ label: childLabel(child, locale), href: periodHref(child), count: counts[i] })),
    total,
  }
}

/** Page `page` of a day's stories, with the day's summary; null when the day has no stories. */
export async function getArchiveDay(period: Extract<ArchivePeriod, { level: 'day' }>, page: number, locale: string): Promise<ArchiveDayData | null> {
  const { from, to } = periodRange(period)
  const { from: start, to: end } = pageSlice(page, ARCHIVE_PAGE_SIZE)
  const [summary, raw] = await Promise.all([getArchivePeriod(period, locale, { neighbours: false }), fetchContent(archiveDayQuery, { from, to, start, end }, ARCHIVE_TAGS)])
  if (!summary) return null
  if (!Array.isArray(raw)) throw new Error('archive: the content service answered the day’s stories with an unexpected shape')
  return {
    ...summary,
    stories: parseCards(raw, { query: 'archiveDay', id: periodHref(period), path: [] }),
    pages: pageLinks(periodHref(period), page, pageCount(summary.total, ARCHIVE_PAGE_SIZE)),
  }
}
