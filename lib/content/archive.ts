/**
 * The date archive's content (ADR 0016): which years have stories, how many stories each month
 * or day holds, and one page of a day's stories. Periods are ranges of `publishedAt` compared as
 * strings (archive-dates.ts). Every fetch carries `type:article`, so a publish revalidates the
 * archive as it does the home page.
 */
import { defineQuery } from 'next-sanity'
import { z } from 'zod'
import type { ArticleCardView } from './view-models'
import {
  childLabel,
  childPeriods,
  enclosingPeriods,
  followingPeriod,
  periodHref,
  periodLabel,
  periodRange,
  precedingPeriod,
  ARCHIVE_FILTER,
  ARCHIVE_PATH,
  type ArchivePeriod,
} from './archive-dates'
import { fetchContent } from './fetch'
import { ARTICLE_CARD_PROJECTION, articleCardResult } from './models/article-card'
import { isoDateTime } from './models/primitives'
import { parseCards } from './map'
import { ARCHIVE_PAGE_SIZE, pageCount, pageLinks, pageSlice, type PageLinks } from './pagination'
import { typeTag } from './tags'

export const ARCHIVE_TAGS = [typeTag('article')]
/** Years the archive index lists at most (from the newest story's year back). */
const MAX_YEARS = 300


/** The first and the last `publishedAt`, to know which years to count. */
export const archiveBoundsQuery = defineQuery(`{
  "first": *[_type == "article" && defined(slug.current) && defined(publishedAt)] | order(publishedAt asc)[0].publishedAt,
  "last": *[_type == "article" && defined(slug.current) && defined(publishedAt)] | order(publishedAt desc)[0].publishedAt
}`)
export const archiveBoundsModel = z.object({ first: isoDateTime.nullable(), last: isoDateTime.nullable() })

/** How many stories each range holds: one `count()` per range, bounds as parameters `$fromN`/`$toN`. */
export function rangeCountsQuery(ranges: number): string {
  const counts = Array.from({ length: ranges }, (_, i) => `count(*[${ARCHIVE_FILTER} && publishedAt >= $from${i} && publishedAt < $to${i}])`)
  return `[${counts.join(', ')}]`
}
export const rangeCountsModel = z.array(z.number().int().nonnegative())

export function rangeCountParams(periods: readonly ArchivePeriod[]): Record<string, string> {
  const params: Record<string, string> = {}
  periods.forEach((period, i) => {
    const { from, to } = periodRange(period)
    params[`from${i}`] = from
    params[`to${i}`] = to
  })
  return params
}

/** A day's stories: how many, and one page of them, newest first (ties by `_id`). */
export const archiveDayQuery = defineQuery(`{
  "total": count(*[_type == "article" && defined(slug.current) && publishedAt >= $from && publishedAt < $to]),
  "stories": *[_type == "article" && defined(slug.current) && publishedAt >= $from && publishedAt < $to] | order(publishedAt desc, _id asc)[$start...$end]{${ARTICLE_CARD_PROJECTION}}
}`)
export const archiveDayModel = z.object({ total: z.number().int().nonnegative(), stories: z.array(articleCardResult) })

/** A period as a link, with how many stories it holds (0: shown without a link). */
export type ArchiveLink = { label: string; href: string; count: number }

export type ArchivePeriodData = {
  /** "December 2026". */
  title: string
  /** Archive › 2026 › December 2026: the pages above this one. */
  crumbs: { label: string; href: string }[]
  previous: ArchiveLink | null
  next: ArchiveLink | null
  /** Months of a year or days of a month, in calendar order (a day has none). */
  children: ArchiveLink[]
  total: number
}

export type ArchiveDayData = ArchivePeriodData & { stories: ArticleCardView[]; pages: PageLinks }

async function countStories(periods: readonly ArchivePeriod[]): Promise<number[]> {
  if (periods.length === 0) return []
  const raw = await fetchContent(rangeCountsQuery(periods.length), rangeCountParams(periods), ARCHIVE_TAGS)
  const parsed = rangeCountsModel.length(periods.length).safeParse(raw)
  if (!parsed.success) throw new Error('archive: the content service answered the story counts with an unexpected shape')
  return parsed.data
}

/** Each year with stories and how many, newest first. */
export async function getYearCounts(): Promise<{ year: number; count: number }[]> {
  const bounds = archiveBoundsModel.safeParse(await fetchContent(archiveBoundsQuery, {}, ARCHIVE_TAGS))
  if (!bounds.success) throw new Error('archive: the content service answered the archive bounds with an unexpected shape')
  const { first, last } = bounds.data
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
 * A year, month or day with its story count, its neighbours (linked when they have stories) and,
 * for a year or month, its months or days with theirs. Null when the period has no stories.
 */
export async function getArchivePeriod(period: ArchivePeriod, locale: string): Promise<ArchivePeriodData | null> {
  const children = period.level === 'day' ? [] : childPeriods(period)
  const neighbours = [precedingPeriod(period), followingPeriod(period)]
  const counts = await countStories([period, ...neighbours, ...children])
  const [total, before, after] = counts
  if (total === 0) return null
  const link = (p: ArchivePeriod, count: number, label = periodLabel(p, locale)): ArchiveLink => ({ label, href: periodHref(p), count })
  return {
    title: periodLabel(period, locale),
    crumbs: [{ label: 'Archive', href: ARCHIVE_PATH }, ...enclosingPeriods(period).slice(0, -1).map((p) => ({ label: periodLabel(p, locale), href: periodHref(p) }))],
    previous: before > 0 ? link(neighbours[0], before) : null,
    next: after > 0 ? link(neighbours[1], after) : null,
    children: children.map((child, i) => link(child, counts[3 + i], childLabel(child, locale))),
    total,
  }
}

/** Page `page` of a day's stories, with the day's summary; null when the day has no stories. */
export async function getArchiveDay(period: Extract<ArchivePeriod, { level: 'day' }>, page: number, locale: string): Promise<ArchiveDayData | null> {
  const { from, to } = periodRange(period)
  const { from: start, to: end } = pageSlice(page, ARCHIVE_PAGE_SIZE)
  const [summary, raw] = await Promise.all([getArchivePeriod(period, locale), fetchContent(archiveDayQuery, { from, to, start, end }, ARCHIVE_TAGS)])
  if (!summary) return null
  const day = archiveDayModel.extend({ stories: z.unknown() }).safeParse(raw)
  if (!day.success) throw new Error('archive: the content service answered the day’s stories with an unexpected shape')
  return {
    ...summary,
    stories: parseCards(day.data.stories, { query: 'archiveDay', id: periodHref(period), path: ['stories'] }),
    pages: pageLinks(periodHref(period), page, pageCount(day.data.total, ARCHIVE_PAGE_SIZE)),
  }
}
