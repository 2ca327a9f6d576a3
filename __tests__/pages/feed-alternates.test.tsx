/**
 * @jest-environment ./__tests__/pages/jsdom-with-node-fetch.environment.js
 *
 * Feed readers and browsers find the RSS feed from any page: the root layout, the home page, a
 * section page and an article page each declare `<link rel="alternate" type="application/rss+xml">`
 * (pages that set their own `alternates` repeat it, since Next replaces the key rather than merging).
 */
import { generateMetadata as layoutMetadata } from '@/app/layout'
import { generateMetadata as homeMetadata } from '@/app/(site)/page'
import { generateMetadata as articleMetadata } from '@/app/(site)/articles/[slug]/page'
import { generateMetadata as sectionMetadata } from '@/app/(site)/sections/[slug]/page'
import { startSeededLakeForSuite } from '../support/seeded-lake'

startSeededLakeForSuite('feed-alternates')

const ARTICLE = 'turkey-erdogan-putin-to-meet-in-moscow-this-week-for-syria-talks'

function feedUrls(metadata: { alternates?: { types?: Record<string, unknown> } | null }): string[] {
  const feeds = (metadata.alternates?.types?.['application/rss+xml'] ?? []) as Array<{ url: string | URL }>
  return feeds.map((feed) => String(feed.url))
}

describe('the RSS feed link', () => {
  it('is declared by the layout, the home page, a section page and an article page', async () => {
    const sectionSlug = 'middle-east'
    const all = [
      await layoutMetadata(),
      await homeMetadata(),
      await sectionMetadata({ params: Promise.resolve({ slug: sectionSlug }) }),
      await articleMetadata({ params: Promise.resolve({ slug: ARTICLE }) }),
    ]
    for (const metadata of all) {
      const urls = feedUrls(metadata as never)
      expect(urls).toHaveLength(1)
      expect(urls[0]).toMatch(/\/feed\.xml$/)
    }
  })
})
