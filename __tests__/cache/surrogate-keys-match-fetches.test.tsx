/**
 * @jest-environment ./__tests__/pages/jsdom-with-node-fetch.environment.js
 *
 * The surrogate keys each public path answers with (lib/cache/surrogate-keys.ts) are exactly the
 * cache tags its fetches carry — the tags a publish revalidates in Next and purges at the edge.
 * Every route runs through the real query path (an in-process lake seeded from content/, plus
 * the RU-only test notice), with the fetch layer wrapped to record the tags it is given.
 */
import { startSeededLakeForSuite } from '../support/seeded-lake'

const recorded: string[] = []
jest.mock('@/lib/content/fetch', () => {
  const actual = jest.requireActual('@/lib/content/fetch')
  return {
    ...actual,
    fetchContent: (query: string, params: Record<string, unknown>, tags: string[], opts?: { editable?: boolean }) => {
      recorded.push(...tags)
      return actual.fetchContent(query, params, tags, opts)
    },
  }
})

import ArticlePage, { generateMetadata as articleMetadata } from '@/app/(site)/articles/[slug]/page'
import { GET as liteGet } from '@/app/(site)/articles/[slug]/lite/[audience]/route'
import HomePage, { generateMetadata as homeMetadata } from '@/app/(site)/page'
import SectionPage, { generateMetadata as sectionMetadata } from '@/app/(site)/sections/[slug]/page'
import { GET as feedGet } from '@/app/feed.xml/route'
import RootLayout, { generateMetadata as rootMetadata } from '@/app/layout'
import { GET as newsSitemapGet } from '@/app/news-sitemap.xml/route'
import { GET as robotsGet } from '@/app/robots.txt/route'
import { SiteChrome } from '@/app/site-chrome'
import { GET as sitemapGet } from '@/app/sitemap.xml/route'
import { surrogateKeysForPath } from '@/lib/cache/surrogate-keys'

startSeededLakeForSuite('surrogate-keys', { regionNotice: true })

const SLUG = 'turkey-erdogan-putin-to-meet-in-moscow-this-week-for-syria-talks'
const SECTION = 'middle-east'

/** Every page is the root layout and the site chrome around the page's own render. */
async function chrome() {
  await rootMetadata()
  await RootLayout({ children: null })
  await SiteChrome({ children: null })
}

/** The tags recorded while `render` runs (deduplicated, sorted). */
async function tagsOf(render: () => Promise<unknown>): Promise<string[]> {
  recorded.length = 0
  await render()
  return [...new Set(recorded)].sort()
}

const keysOf = (pathname: string) => [...(surrogateKeysForPath(pathname) ?? [])].sort()

describe('surrogate keys name exactly the tags of the fetches behind each response', () => {
  it('the home page', async () => {
    expect(keysOf('/')).toEqual(await tagsOf(async () => (await chrome(), await homeMetadata(), await HomePage())))
  })

  it('an article page, for everyone and for a region with its own notice (one set of keys for every variant)', async () => {
    const params = (region?: string) => ({ params: Promise.resolve(region ? { slug: SLUG, region } : { slug: SLUG }) })
    const everyone = await tagsOf(async () => (await chrome(), await articleMetadata(params()), await ArticlePage(params())))
    const ru = await tagsOf(async () => (await chrome(), await articleMetadata(params('RU')), await ArticlePage(params('RU'))))
    expect(keysOf(`/articles/${SLUG}`)).toEqual(everyone)
    expect(ru).toEqual(everyone)
  })

  it('the lite page', async () => {
    const tags = await tagsOf(() => liteGet(new Request('http://localhost/x'), { params: Promise.resolve({ slug: SLUG, audience: 'everyone' }) }))
    expect(keysOf(`/articles/${SLUG}/lite`)).toEqual(tags)
  })

  it('a section page', async () => {
    const params = { params: Promise.resolve({ slug: SECTION }) }
    expect(keysOf(`/sections/${SECTION}`)).toEqual(await tagsOf(async () => (await chrome(), await sectionMetadata(params), await SectionPage(params))))
  })

  it.each([
    ['/feed.xml', feedGet],
    ['/sitemap.xml', sitemapGet],
    ['/news-sitemap.xml', newsSitemapGet],
    ['/robots.txt', robotsGet],
  ])('%s', async (pathname, get) => {
    const tags = await tagsOf(async () => expect((await get()).status).toBe(200))
    expect(keysOf(pathname)).toEqual(tags)
  })
})
