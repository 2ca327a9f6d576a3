import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { feedAlternateTypes } from '@/app/feed-alternate'
import { BreakingNewsBanner } from '@/components/BreakingNewsBanner'
import { Pagination } from '@/components/Pagination'
import { StoryList } from '@/components/StoryList'
import { getBreakingNews } from '@/lib/content/breaking'
import { getSectionPage, type SectionPageData } from '@/lib/content/section'
import { getSiteData } from '@/lib/content/site'
import styles from '../../lists.module.css'

/**
 * A section's page `page` (1: /sections/<slug>, n: /sections/<slug>/page/<n>): its stories,
 * newest first, 30 a page, with links to the newer and older pages. No such section, or a page
 * past the last → 404 (the front door answers most of those before rendering).
 */
async function sectionOrNotFound(slug: string, page: number): Promise<SectionPageData> {
  const section = await getSectionPage(slug, page)
  if (!section || page > section.pages.pageCount) notFound()
  return section
}

export async function sectionMetadata(slug: string, page: number): Promise<Metadata> {
  const [section, { settings }] = await Promise.all([sectionOrNotFound(slug, page), getSiteData()])
  const canonical = page === 1 ? section.href : `${section.href}/page/${page}`
  return {
    title: page === 1 ? section.title : `${section.title}: page ${page}`,
    description: section.description ?? undefined,
    alternates: { canonical, types: feedAlternateTypes(settings.siteName) },
  }
}

export async function SectionListing({ slug, page }: { slug: string; page: number }) {
  const now = new Date()
  const [section, { settings }, breaking] = await Promise.all([sectionOrNotFound(slug, page), getSiteData(), getBreakingNews(now)])
  return (
    <>
      <BreakingNewsBanner item={breaking} now={now} />
      <div className="container">
        <header className={styles.intro}>
          <h1>
            {section.title}
            {page > 1 && <span className={styles.page}>, page {page}</span>}
          </h1>
          {section.description && page === 1 && <p>{section.description}</p>}
        </header>
        {section.stories.length > 0 ? (
          <StoryList stories={section.stories} locale={settings.language} leadFirst={page === 1} />
        ) : (
          <p>No stories in this section yet.</p>
        )}
        <Pagination label={`Pages of ${section.title}`} {...section.pages} />
        <p className={styles.more}>
          Looking for something older? <a href="/archive">Browse every story by date</a> or <a href="/search">search</a>.
        </p>
      </div>
    </>
  )
}
