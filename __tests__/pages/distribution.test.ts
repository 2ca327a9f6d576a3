/**
 * @jest-environment ./__tests__/pages/jsdom-with-node-fetch.environment.js
 *
 * /sitemap.xml (an index) and its children, /news-sitemap.xml, /feed.xml and /robots.txt from the seeded lake, through the
 * real route handlers: each answer is parsed as XML (jsdom's DOMParser, namespace-aware) and
 * compared with what the lake holds. A story published "now" is added to check the News sitemap
 * with and without recent articles.
 */
import { startSeededLakeForSuite } from '../support/seeded-lake'
import { GET as sitemapGet } from '@/app/sitemap.xml/route'
import { GET as pagesSitemapGet } from '@/app/sitemaps/pages.xml/route'
import { GET as articleSitemapGet } from '@/app/sitemaps/articles/[file]/route'
import { GET as newsSitemapGet } from '@/app/news-sitemap.xml/route'
import { GET as feedGet } from '@/app/feed.xml/route'
import { GET as robotsGet } from '@/app/robots.txt/route'
import { DISTRIBUTION_TAGS } from '@/lib/content/distribution'
import { tagsForWebhook } from '@/lib/content/revalidation'
import { expectSilentConsole } from '../support/silent-console'

const lake = startSeededLakeForSuite('distribution')

const BASE = 'http://localhost:3000'
const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9'
const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9'
const CONTENT_NS = 'http://purl.org/rss/1.0/modules/content/'
const RECENT_ID = 'article-distribution-recent'
const RECENT_SLUG = 'distribution-test-recent-story'

type Seeded = { _id: string; slug: { current: string }; headline: string; publishedAt: string; updatedAt?: string; dek?: string; section?: { _ref: string } }

/** Runs GROQ on the lake directly (what it holds, independent of the site's queries). */
async function inLake<T>(groq: string, params: Record<string, unknown> = {}): Promise<T> {
  return (await lake().store.query(groq, params)).result as T
}

const seededArticles = () => inLake<Seeded[]>('*[_type == "article" && !(_id in path("drafts.**"))]')

async function xmlOf(response: Response): Promise<Document> {
  expect(response.status).toBe(200)
  const text = await response.text()
  const doc = new DOMParser().parseFromString(text, 'application/xml')
  expect(doc.getElementsByTagName('parsererror')).toHaveLength(0)
  return doc
}

const textOf = (parent: Element, ns: string, name: string) => parent.getElementsByTagNameNS(ns, name)[0]?.textContent ?? null

expectSilentConsole()

describe('distribution endpoints, from the seed through the lake', () => {
  it('/sitemap.xml is an index whose children list the home page, the archive, every section and every article (lastmod from updatedAt)', async () => {
    const response = await sitemapGet()
    expect(response.headers.get('content-type')).toBe('application/xml; charset=utf-8')
    const index = await xmlOf(response)
    expect(index.documentElement.namespaceURI).toBe(SITEMAP_NS)
    expect(index.documentElement.localName).toBe('sitemapindex')
    const children = [...index.getElementsByTagNameNS(SITEMAP_NS, 'sitemap')].map((child) => textOf(child, SITEMAP_NS, 'loc'))
    // The seed's stories are all from 2020: one part for that year.
    expect(children).toEqual([`${BASE}/sitemaps/pages.xml`, `${BASE}/sitemaps/articles/2020-1.xml`])
    const urls = new Map<string | null, string | null>()
    for (const child of [await pagesSitemapGet(), await articleSitemapGet(new Request(`${BASE}/sitemaps/articles/2020-1.xml`), { params: Promise.resolve({ file: '2020-1.xml' }) })]) {
      const doc = await xmlOf(child)
      expect(doc.documentElement.localName).toBe('urlset')
      for (const url of doc.getElementsByTagNameNS(SITEMAP_NS, 'url')) urls.set(textOf(url, SITEMAP_NS, 'loc'), textOf(url, SITEMAP_NS, 'lastmod'))
    }
    const articles = await seededArticles()
    expect(articles).toHaveLength(5)
    const sections = await inLake<{ slug: { current: string } }[]>('*[_type == "section"]')
    expect(urls.size).toBe(2 + sections.length + articles.length)
    for (const article of articles) {
      const expected = new Date(article.updatedAt ?? article.publishedAt).toISOString()
      expect(urls.get(`${BASE}/articles/${article.slug.current}`)).toBe(expected)
    }
    for (const section of sections) expect(urls.has(`${BASE}/sections/${section.slug.current}`)).toBe(true)
    // The home page and the archive changed when their newest story did.
    const newest = Math.max(...articles.map((a) => Date.parse(a.updatedAt ?? a.publishedAt)))
    expect(urls.get(`${BASE}/`)).toBe(new Date(newest).toISOString())
    expect(urls.get(`${BASE}/archive`)).toBe(new Date(newest).toISOString())
    // A part no year has is a 404.
    const missing = await articleSitemapGet(new Request(`${BASE}/sitemaps/articles/2020-2.xml`), { params: Promise.resolve({ file: '2020-2.xml' }) })
    expect(missing.status).toBe(404)
  })

  it('/news-sitemap.xml is a valid, empty urlset when no story is from the last two days (the seed is from 2020)', async () => {
    const doc = await xmlOf(await newsSitemapGet())
    expect(doc.documentElement.localName).toBe('urlset')
    expect(doc.documentElement.namespaceURI).toBe(SITEMAP_NS)
    expect(doc.documentElement.getAttribute('xmlns:news')).toBe(NEWS_NS)
    expect(doc.getElementsByTagNameNS(SITEMAP_NS, 'url')).toHaveLength(0)
  })

  it('/feed.xml is RSS 2.0 with absolute links, pubDate, description and the full text in content:encoded', async () => {
    const response = await feedGet()
    expect(response.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8')
    const doc = await xmlOf(response)
    expect(doc.documentElement.localName).toBe('rss')
    expect(doc.documentElement.getAttribute('version')).toBe('2.0')
    const channel = doc.documentElement.getElementsByTagName('channel')[0]
    expect(channel.getElementsByTagName('title')[0].textContent).toBe('RFE/RL')
    expect(channel.getElementsByTagName('link')[0].textContent).toBe(`${BASE}/`)
    const items = [...channel.getElementsByTagName('item')]
    const articles = (await seededArticles()).sort((a, b) => Date.parse(b.publishedAt) - Date.parse(a.publishedAt))
    expect(items.map((item) => item.getElementsByTagName('title')[0].textContent)).toEqual(articles.map((a) => a.headline))
    for (const [index, item] of items.entries()) {
      const article = articles[index]
      const link = item.getElementsByTagName('link')[0].textContent
      expect(link).toBe(`${BASE}/articles/${article.slug.current}`)
      expect(item.getElementsByTagName('guid')[0].textContent).toBe(link)
      expect(item.getElementsByTagName('pubDate')[0].textContent).toBe(new Date(article.publishedAt).toUTCString())
      expect(item.getElementsByTagName('description')[0].textContent?.length).toBeGreaterThan(0)
      if (article.dek) expect(item.getElementsByTagName('description')[0].textContent).toBe(article.dek)
      // content:encoded holds HTML: parse it and compare its paragraphs with the stored body.
      const encoded = item.getElementsByTagNameNS(CONTENT_NS, 'encoded')[0].textContent ?? ''
      const html = new DOMParser().parseFromString(encoded, 'text/html')
      const stored = await inLake<{ children: { text: string }[] }[]>('*[_id == $id][0].body[_type == "block"]', { id: (article as { _id: string })._id })
      const paragraphs = [...html.querySelectorAll('p')].map((p) => p.textContent)
      for (const block of stored) expect(paragraphs).toContain(block.children.map((c) => c.text).join(''))
      expect(html.body.textContent).toContain('Based on reporting by Reuters, AFP, and TASS')
      for (const img of html.querySelectorAll('img')) expect(img.getAttribute('src')).toMatch(/^http:\/\/localhost:3000\/media\/images\//)
    }
    // The lead story carries its image (absolute URL) and its alt text.
    const lead = items.find((item) => item.getElementsByTagName('title')[0].textContent?.startsWith('Turkey: Erdogan'))
    const media = lead?.getElementsByTagNameNS('http://search.yahoo.com/mrss/', 'content')[0]
    expect(media?.getAttribute('url')).toMatch(/^http:\/\/localhost:3000\/media\/images\//)
  })

  it('/robots.txt names both sitemaps with absolute URLs', async () => {
    const response = await robotsGet()
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    const lines = (await response.text()).split('\n')
    expect(lines).toContain(`Sitemap: ${BASE}/sitemap.xml`)
    expect(lines).toContain(`Sitemap: ${BASE}/news-sitemap.xml`)
    expect(lines).toContain('User-agent: *')
  })

  it('a story published now is in the News sitemap (name, language, date, title), the sitemap and the feed', async () => {
    const publishedAt = new Date(Date.now() - 60 * 60 * 1000).toISOString()
    const headline = 'Recent story <with> "markup" & ampersands'
    await lake().store.mutate([
      {
        createOrReplace: {
          _id: RECENT_ID,
          _type: 'article',
          headline,
          slug: { _type: 'slug', current: RECENT_SLUG },
          section: { _type: 'reference', _ref: 'section-middle-east' },
          publishedAt,
          body: [{ _type: 'block', _key: 'p1', style: 'normal', markDefs: [], children: [{ _type: 'span', _key: 's1', text: 'A recent paragraph.', marks: [] }] }],
        },
      },
    ])
    try {
      const news = await xmlOf(await newsSitemapGet())
      const urls = [...news.getElementsByTagNameNS(SITEMAP_NS, 'url')]
      expect(urls).toHaveLength(1)
      const url = urls[0]
      expect(textOf(url, SITEMAP_NS, 'loc')).toBe(`${BASE}/articles/${RECENT_SLUG}`)
      const publication = url.getElementsByTagNameNS(NEWS_NS, 'publication')[0]
      expect(textOf(publication, NEWS_NS, 'name')).toBe('RFE/RL')
      expect(textOf(publication, NEWS_NS, 'language')).toBe('en')
      expect(textOf(url, NEWS_NS, 'publication_date')).toBe(publishedAt)
      expect(textOf(url, NEWS_NS, 'title')).toBe(headline)

      // The index gains this year's part, which lists the story.
      const year = publishedAt.slice(0, 4)
      const index = await xmlOf(await sitemapGet())
      expect([...index.getElementsByTagNameNS(SITEMAP_NS, 'loc')].map((loc) => loc.textContent)).toContain(`${BASE}/sitemaps/articles/${year}-1.xml`)
      const part = await xmlOf(await articleSitemapGet(new Request(`${BASE}/sitemaps/articles/${year}-1.xml`), { params: Promise.resolve({ file: `${year}-1.xml` }) }))
      expect([...part.getElementsByTagNameNS(SITEMAP_NS, 'loc')].map((loc) => loc.textContent)).toContain(`${BASE}/articles/${RECENT_SLUG}`)

      const feed = await xmlOf(await feedGet())
      const first = feed.getElementsByTagName('item')[0]
      expect(first.getElementsByTagName('title')[0].textContent).toBe(headline)
      // No dek: the description is the first paragraph.
      expect(first.getElementsByTagName('description')[0].textContent).toBe('A recent paragraph.')
    } finally {
      await lake().store.mutate([{ delete: { id: RECENT_ID } }])
    }
  })

  it('a publish of any article, section, agency or the settings revalidates the endpoints', () => {
    for (const type of ['article', 'section', 'agency']) {
      const touched = tagsForWebhook({ _id: `${type}-x`, _type: type, slug: null })
      expect(touched.some((tag) => DISTRIBUTION_TAGS.includes(tag))).toBe(true)
    }
    expect(tagsForWebhook({ _id: 'siteSettings', _type: 'siteSettings' }).some((tag) => DISTRIBUTION_TAGS.includes(tag))).toBe(true)
  })
})
