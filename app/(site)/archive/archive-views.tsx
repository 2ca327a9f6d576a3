import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { ArchiveLinks } from '@/components/ArchiveLinks'
import { Breadcrumbs } from '@/components/Breadcrumbs'
import { Pagination } from '@/components/Pagination'
import { StoryList } from '@/components/StoryList'
import { getArchiveDay, getArchivePeriod, getArchiveYears, type ArchivePeriodData } from '@/lib/content/archive'
import { decideArchivePath, periodHref, type ArchivePeriod } from '@/lib/content/archive-dates'
import { getSiteData } from '@/lib/content/site'
import styles from '../lists.module.css'

/**
 * The date archive's pages (ADR 0016): /archive lists the years, a year its months, a month its
 * days, a day its stories 30 a page. Every page is cached and re-rendered on publish (its fetches
 * carry `type:article`). A malformed or empty period is a 404 (the front door answers most of
 * those, and redirects non-canonical forms, before rendering).
 */

/** The period and page the route's segments name, or a 404. */
export function periodOrNotFound(segments: string[]): { period: ArchivePeriod; page: number } {
  const decision = decideArchivePath(segments)
  if (decision.action !== 'render' || decision.kind !== 'period') notFound()
  return { period: decision.period, page: decision.page }
}

const canonicalOf = (period: ArchivePeriod, page: number) => (page > 1 ? `${periodHref(period)}/page/${page}` : periodHref(period))

export async function archiveIndexMetadata(): Promise<Metadata> {
  return { title: 'Archive', description: 'Every story, by the day it was published.', alternates: { canonical: '/archive' } }
}

export async function ArchiveIndex() {
  const { settings } = await getSiteData()
  const years = await getArchiveYears(settings.language)
  return (
    <div className="container">
      <header className={styles.intro}>
        <h1>Archive</h1>
        <p>Every story we have published, by year, month and day.</p>
      </header>
      {years.length > 0 ? <ArchiveLinks heading="Years" id="archive-years" links={years} /> : <p>No stories have been published yet.</p>}
    </div>
  )
}

async function periodOr404(period: ArchivePeriod, { neighbours = true } = {}): Promise<ArchivePeriodData> {
  const { settings } = await getSiteData()
  const data = await getArchivePeriod(period, settings.language, { neighbours })
  if (!data) notFound()
  return data
}

export async function archivePeriodMetadata(period: ArchivePeriod, page = 1): Promise<Metadata> {
  const data = await periodOr404(period, { neighbours: false })
  return {
    title: `Archive: ${data.title}${page > 1 ? `, page ${page}` : ''}`,
    description: `Stories published in ${data.title}.`,
    alternates: { canonical: canonicalOf(period, page) },
  }
}

type Neighbour = { label: string; href: string } | null

function Neighbours({ previous, next, label }: { previous: Neighbour; next: Neighbour; label: string }) {
  if (!previous && !next) return null
  return (
    <nav aria-label={label} className={styles.neighbours}>
      <ul>
        {previous && (
          <li>
            <a href={previous.href}>
              <span aria-hidden="true">←</span>
              {previous.label}
            </a>
          </li>
        )}
        {next && (
          <li>
            <a href={next.href}>
              {next.label}
              <span aria-hidden="true">→</span>
            </a>
          </li>
        )}
      </ul>
    </nav>
  )
}

const storyCount = (count: number) => `${count} ${count === 1 ? 'story' : 'stories'}`

/** A year (its months) or a month (its days). */
export async function ArchivePeriodPage({ period }: { period: Exclude<ArchivePeriod, { level: 'day' }> }) {
  const data = await periodOr404(period)
  const isYear = period.level === 'year'
  return (
    <div className="container">
      <Breadcrumbs crumbs={data.crumbs} />
      <header className={styles.intro}>
        <h1>{data.title}</h1>
        <p>{storyCount(data.total)} published.</p>
      </header>
      <ArchiveLinks heading={isYear ? 'Months' : 'Days'} id="archive-periods" links={data.children} layout={isYear ? 'list' : 'calendar'} />
      <Neighbours previous={data.previous} next={data.next} label={isYear ? 'Other years' : 'Other months'} />
    </div>
  )
}

/** A day's stories, page `page`. */
export async function ArchiveDayPage({ period, page }: { period: Extract<ArchivePeriod, { level: 'day' }>; page: number }) {
  const { settings } = await getSiteData()
  const data = await getArchiveDay(period, page, settings.language)
  if (!data || page > data.pages.pageCount) notFound()
  return (
    <div className="container">
      <Breadcrumbs crumbs={data.crumbs} />
      <header className={styles.intro}>
        <h1>
          {data.title}
          {page > 1 && <span className={styles.page}>, page {page}</span>}
        </h1>
        <p>{storyCount(data.total)} published this day.</p>
      </header>
      <StoryList stories={data.stories} locale={settings.language} />
      <Pagination label={`Pages of ${data.title}`} {...data.pages} />
    </div>
  )
}
