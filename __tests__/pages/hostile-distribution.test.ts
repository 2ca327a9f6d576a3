/**
 * @jest-environment ./__tests__/pages/jsdom-with-node-fetch.environment.js
 *
 * /feed.xml, /news-sitemap.xml and /sitemap.xml stay valid XML whatever the content (issue 18,
 * row 7): a story whose headline carries U+0007 and U+202E and whose body carries other control
 * characters and a lone surrogate is listed with its text cleaned, and a story with a 1 MB
 * headline is left out (and logged), not rendered. Through the seeded lake and the real routes.
 */
import { startSeededLakeForSuite } from '../support/seeded-lake'
import { GET as sitemapGet } from '@/app/sitemap.xml/route'
import { GET as newsSitemapGet } from '@/app/news-sitemap.xml/route'
import { GET as feedGet } from '@/app/feed.xml/route'

jest.setTimeout(30_000)

const lake = startSeededLakeForSuite('hostile-distribution')

const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9'
const CONTENT_NS = 'http://purl.org/rss/1.0/modules/content/'

async function xmlOf(response: Response): Promise<Document> {
  expect(response.status).toBe(200)
  const doc = new DOMParser().parseFromString(await response.text(), 'application/xml')
  expect(doc.getElementsByTagName('parsererror')).toHaveLength(0)
  return doc
}

function story(id: string, headline: string, text: string) {
  return {
    createOrReplace: {
      _id: id,
      _type: 'article',
      headline,
      slug: { _type: 'slug', current: id },
      section: { _type: 'reference', _ref: 'section-middle-east' },
      publishedAt: new Date(Date.now() - 60 * 60 * 1000).toISOString(),
      body: [{ _type: 'block', _key: 'p1', style: 'normal', markDefs: [], children: [{ _type: 'span', _key: 's1', text, marks: [] }] }],
    },
  }
}

let consoleError: jest.SpyInstance
beforeEach(() => {
  consoleError = jest.spyOn(console, 'error').mockImplementation(() => {})
})
afterEach(() => consoleError.mockRestore())

it('lists hostile text cleaned and leaves a 1 MB headline out; every document parses as XML', async () => {
  await lake().store.mutate([
    story('hostile-control-story', 'Bell\u0007 rings \u202Eevil\u202C here', 'Body\u0001 with\u0008 controls \ud800 and \u2066isolates\u2069.'),
    story('hostile-huge-story', `Huge ${'x'.repeat(1024 * 1024)}`, 'Never shown.'),
  ])
  try {
    const news = await xmlOf(await newsSitemapGet())
    const titles = [...news.getElementsByTagNameNS(NEWS_NS, 'title')].map((title) => title.textContent)
    expect(titles).toEqual(['Bell rings evil here'])

    const feed = await xmlOf(await feedGet())
    const items = [...feed.getElementsByTagName('item')]
    const titlesInFeed = items.map((item) => item.getElementsByTagName('title')[0].textContent)
    expect(titlesInFeed).toContain('Bell rings evil here')
    expect(titlesInFeed.some((title) => title?.startsWith('Huge'))).toBe(false)
    const hostile = items[titlesInFeed.indexOf('Bell rings evil here')]
    expect(hostile.getElementsByTagName('description')[0].textContent).toBe('Body with controls  and isolates.')
    expect(hostile.getElementsByTagNameNS(CONTENT_NS, 'encoded')[0].textContent).toContain('Body with controls  and isolates.')

    await xmlOf(await sitemapGet())
    // The 1 MB headline was refused at the boundary, with a log line naming it.
    const logged = consoleError.mock.calls.map((args) => args.join(' '))
    expect(logged.some((line) => /hostile-huge-story|headline: may have at most 200 characters/.test(line))).toBe(true)
  } finally {
    await lake().store.mutate([{ delete: { id: 'hostile-control-story' } }, { delete: { id: 'hostile-huge-story' } }])
  }
})
