import type { Metadata } from 'next'
import { feedAlternateTypes } from '@/app/feed-alternate'
import { notFound } from 'next/navigation'
import { ArticleCard } from '@/components/ArticleCard'
import { BreakingNewsBanner } from '@/components/BreakingNewsBanner'
import { getBreakingNews } from '@/lib/content/breaking'
import { getSectionBySlug } from '@/lib/content/section'
import { getSiteData } from '@/lib/content/site'
import styles from '../../lists.module.css'

type Props = { params: Promise<{ slug: string }> }

export const revalidate = 3600
export const dynamicParams = true

export async function generateStaticParams(): Promise<{ slug: string }[]> {
  const { settings } = await getSiteData()
  return settings.sections.map((section) => ({ slug: section.href.split('/').pop()! }))
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params
  const [section, { settings }] = await Promise.all([getSectionBySlug(slug), getSiteData()])
  if (!section) notFound()
  return {
    title: section.title,
    description: section.description ?? undefined,
    alternates: { canonical: section.href, types: feedAlternateTypes(settings.siteName) },
  }
}

export default async function SectionPage({ params }: Props) {
  const { slug } = await params
  const now = new Date()
  const [section, { settings }, breaking] = await Promise.all([getSectionBySlug(slug), getSiteData(), getBreakingNews(now)])
  if (!section) notFound()
  return (
    <>
      <BreakingNewsBanner item={breaking} now={now} />
      <div className="container">
        <header className={styles.intro}>
          <h1>{section.title}</h1>
          {section.description && <p>{section.description}</p>}
        </header>
        {section.stories.length > 0 ? (
          <ul className={styles.stories}>
            {section.stories.map((story, index) => (
              <li key={story.id}>
                <ArticleCard article={story} locale={settings.language} variant={index === 0 ? 'lead' : 'standard'} />
              </li>
            ))}
          </ul>
        ) : (
          <p>No stories in this section yet.</p>
        )}
      </div>
    </>
  )
}
