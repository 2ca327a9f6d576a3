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
import SectionOlderPage, { generateMetadata as sectionOlderMetadata } from '@/app/(site)/sections/[slug]/page/[page]/page'
import ArchivePage, { generateMetadata as archiveMetadata } from '@/app/(site)/archive/page'
import ArchiveYearPage, { generateMetadata as archiveYearMetadata } from '@/app/(site)/archive/[year]/page'
import ArchiveMonthPage, { generateMetadata as archiveMonthMetadata } from '@/app/(site)/archive/[year]/[month]/page'
import ArchiveDayRoute, { generateMetadata as archiveDayMetadata } from '@/app/(site)/archive/[year]/[month]/[day]/page'
import { GET as articleSitemapGet } from '@/app/sitemaps/articles/[file]/route'
import { GET as pagesSitemapGet } from '@/app/sitemaps/pages.xml/route'
import { GET as feedGet } from '@/app/feed.xml/route'
import RootLayout, { generateMetadata as rootMetadata } from '@/app/layout'
import { GET as newsSitemapGet } from '@/app/news-sitemap.xml/route'
import { GET as robotsGet } from '@/app/robots.txt/route'
import { SiteChrome } from '@/app/site-chrome'
import { GET as sitemapGet } from '@/app/sitemap.xml/route'
import { surrogateKeysForPath } from '@/lib/cache/surrogate-keys'

startSeededLakeForSuite('surrogate-keys', { regionNotice: true })
// Each case renders whole pages through an in-process lake: seconds each on a loaded machine.
jest.setTimeout(60_000)

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

  it('the paginated section pages and the date archive', async () => {
    // The seed has one page per section: an older page is "not found" after its fetches, which
    // must all be among the section's keys (an older page has the same keys as the first).
    const section = { params: Promise.resolve({ slug: SECTION, page: '2' }) }
    const older = await tagsOf(async () => (await chrome(), await sectionOlderMetadata(section).catch(() => undefined), await SectionOlderPage(section).catch(() => undefined)))
    expect(keysOf(`/sections/${SECTION}/page/2`)).toEqual(keysOf(`/sections/${SECTION}`))
    expect(keysOf(`/sections/${SECTION}/page/2`)).toEqual(expect.arrayContaining(older))
    expect(keysOf('/archive')).toEqual(await tagsOf(async () => (await chrome(), await archiveMetadata(), await ArchivePage())))
    const year = { params: Promise.resolve({ year: '2020' }) }
    expect(keysOf('/archive/2020')).toEqual(await tagsOf(async () => (await chrome(), await archiveYearMetadata(year), await ArchiveYearPage(year))))
    const month = { params: Promise.resolve({ year: '2020', month: '03' }) }
    expect(keysOf('/archive/2020/03')).toEqual(await tagsOf(async () => (await chrome(), await archiveMonthMetadata(month), await ArchiveMonthPage(month))))
    const day = { params: Promise.resolve({ year: '2020', month: '03', day: '02' }) }
    const dayTags = await tagsOf(async () => (await chrome(), await archiveDayMetadata(day), await ArchiveDayRoute(day)))
    expect(keysOf('/archive/2020/03/02')).toEqual(dayTags)
    expect(keysOf('/archive/2020/03/02/page/2')).toEqual(dayTags)
  })

  it('the child sitemaps', async () => {
    expect(keysOf('/sitemaps/pages.xml')).toEqual(await tagsOf(async () => expect((await pagesSitemapGet()).status).toBe(200)))
    const file = { params: Promise.resolve({ file: '2020-1.xml' }) }
    expect(keysOf('/sitemaps/articles/2020-1.xml')).toEqual(await tagsOf(async () => expect((await articleSitemapGet(new Request('http://localhost/x'), file)).status).toBe(200)))
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
