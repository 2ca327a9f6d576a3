/**
 * @jest-environment ./__tests__/pages/jsdom-with-node-fetch.environment.js
 *
 * The article's metadata and NewsArticle JSON-LD from the seeded lake: canonical, Open Graph and
 * Twitter cards with the lead image (16:9) and its alt, published/modified times, alternates (lite
 * page, feed), and the JSON-LD image in 16:9, 4:3 and 1:1 — each crop URL asks the image host for
 * exactly that size, and the lake serves it at that size.
 */
import sharp from 'sharp'
import { startSeededLakeForSuite } from '../support/seeded-lake'
import { generateMetadata } from '@/app/(site)/articles/[slug]/page'
import { articleJsonLd } from '@/app/(site)/articles/[slug]/structured-data'
import { getArticleBySlug } from '@/lib/content/article'
import { getLeadImageCrops } from '@/lib/content/article-images'
import { getSiteData } from '@/lib/content/site'

const lake = startSeededLakeForSuite('article-metadata')

const SLUG = 'turkey-erdogan-putin-to-meet-in-moscow-this-week-for-syria-talks'
const BASE = 'http://localhost:3000'
const ALT = 'Abstract graphic: two large overlapping translucent circles, one blue and one amber, over a dark navy-to-teal gradient with a faint grid of thin lines.'

/** The JSON-LD as the page builds it (same fetches, same function). */
async function jsonLd() {
  const [article, { settings, trusted }, crops] = await Promise.all([getArticleBySlug(SLUG), getSiteData(), getLeadImageCrops(SLUG)])
  return JSON.parse(JSON.stringify(articleJsonLd(article!, settings, trusted, crops)))
}

/** The lake's answer for a site image URL (`/media/images/...` is proxied to the lake's `/images/...`). */
async function imageSize(url: string) {
  const path = new URL(url).pathname.replace(/^\/media/, '')
  const response = await fetch(`${lake().url}${path}${new URL(url).search}`)
  expect(response.status).toBe(200)
  const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata()
  return { width: meta.width, height: meta.height }
}

describe('article metadata', () => {
  it('has canonical, Open Graph and Twitter cards with the lead image and its alt, and the times', async () => {
    const metadata = await generateMetadata({ params: Promise.resolve({ slug: SLUG }) })
    expect(metadata.alternates?.canonical).toBe(`${BASE}/articles/${SLUG}`)
    const og = metadata.openGraph as Record<string, unknown> & { images: { url: string; width: number; height: number; alt: string }[] }
    expect(og).toMatchObject({ type: 'article', url: `${BASE}/articles/${SLUG}`, publishedTime: '2020-03-02T10:00:00Z', modifiedTime: '2020-03-02T14:00:00Z', section: 'Middle East' })
    expect(og.images).toHaveLength(1)
    expect(og.images[0]).toMatchObject({ width: 1200, height: 675, alt: ALT })
    expect(og.images[0].url).toMatch(/^http:\/\/localhost:3000\/media\/images\/.*[?&]w=1200&h=675/)
    const twitter = metadata.twitter as { card: string; images: { url: string; alt: string }[] }
    expect(twitter.card).toBe('summary_large_image')
    expect(twitter.images[0]).toMatchObject({ url: og.images[0].url, alt: ALT })
    const types = metadata.alternates?.types as Record<string, { url: string }[]>
    expect(types['text/html'][0].url).toBe(`${BASE}/articles/${SLUG}/lite`)
    expect(types['application/rss+xml'][0].url).toBe(`${BASE}/feed.xml`)
  })

  it('NewsArticle JSON-LD carries the image in 16:9, 4:3 and 1:1, and the visible dates', async () => {
    const data = await jsonLd()
    expect(data).toMatchObject({ '@type': 'NewsArticle', datePublished: '2020-03-02T10:00:00Z', dateModified: '2020-03-02T14:00:00Z', mainEntityOfPage: `${BASE}/articles/${SLUG}` })
    const images: string[] = data.image
    expect(images).toHaveLength(3)
    const sizes = await Promise.all(images.map(imageSize))
    // The 1600×900 stand-in: 16:9 and 4:3 at 1200 wide; 1:1 at the largest crop width its height allows.
    expect(sizes).toEqual([
      { width: 1200, height: 675 },
      { width: 1200, height: 900 },
      { width: 828, height: 828 },
    ])
    for (const { width, height } of sizes) expect(width! * height!).toBeGreaterThanOrEqual(50_000)
  })
})
