import type { Metadata } from 'next'
import { ArticleCard } from '@/components/ArticleCard'
import { BreakingNewsBanner } from '@/components/BreakingNewsBanner'
import { getBreakingNews } from '@/lib/content/breaking'
import { getHomeStories } from '@/lib/content/home'
import { getSiteData } from '@/lib/content/site'
import { feedAlternateTypes } from '../feed-alternate'
import styles from './lists.module.css'

/** Re-rendered on publish (cache tags); the hour is a safety net for banners that expire. */
export const revalidate = 3600

/** A description even when the settings have none (search results show it), and the canonical home URL. */
export async function generateMetadata(): Promise<Metadata> {
  const { settings, trusted } = await getSiteData()
  return {
    description: settings.description ?? `The latest news from ${settings.siteName}.`,
    alternates: {
      ...(trusted ? { canonical: new URL('/', `${settings.baseUrl}/`).toString() } : {}),
      types: feedAlternateTypes(settings.siteName),
    },
  }
}

export default async function HomePage() {
  const now = new Date()
  const [{ settings }, breaking, { lead, stories }] = await Promise.all([getSiteData(), getBreakingNews(now), getHomeStories()])
  const locale = settings.language
  return (
    <>
      <BreakingNewsBanner item={breaking} now={now} />
      <div className="container">
        <h1 className="visually-hidden">{settings.siteName}: latest news</h1>
        {lead ? (
          <section aria-labelledby="lead-story" className={styles.lead}>
            <h2 id="lead-story" className="visually-hidden">
              Top story
            </h2>
            <ArticleCard article={lead} locale={locale} variant="lead" priority />
          </section>
        ) : (
          <p>No stories have been published yet.</p>
        )}
        {stories.length > 0 && (
          <section aria-labelledby="latest-stories">
            <h2 id="latest-stories">Latest stories</h2>
            <ul className={styles.stories}>
              {stories.map((story, index) => (
                <li key={story.id}>
                  {/* The first image on the page loads eagerly: the lead's, else the first story's. */}
                  <ArticleCard article={story} locale={locale} priority={index === 0 && !lead?.thumbnail} />
                </li>
              ))}
            </ul>
          </section>
        )}
        <p className={styles.more}>
          Older stories: <a href="/archive">browse every story by date</a>, a section from the menu, or <a href="/search">search</a>.
        </p>
      </div>
    </>
  )
}
