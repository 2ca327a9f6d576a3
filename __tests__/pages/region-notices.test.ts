/**
 * @jest-environment ./__tests__/pages/jsdom-with-node-fetch.environment.js
 *
 * Region-aware notices and the lite page, against the seeded lake plus a test notice for RU only
 * (the seed's own notice is for everyone, as on the seed page):
 * the front door picks the variant from the region header (REGION_HEADER), says `Vary` on it, refuses the
 * internal variant paths, and checks lite URLs like article URLs; the lite route renders the same
 * story with no script, the notice only for its audience, the attribution, a small image.
 */
import { startSeededLakeForSuite } from '../support/seeded-lake'
import { GET as liteGet } from '@/app/(site)/articles/[slug]/lite/[audience]/route'
import { frontDoor, type FrontDoorAnswer } from '@/lib/routing/front-door'
import { frontDoorRequest } from '../support/front-door-request'
import { REGION_NOTICE_TEXT, REGION_NOTICE_TITLE } from '../fixtures/region-notice'

startSeededLakeForSuite('region-notices', { regionNotice: true })

const SLUG = 'turkey-erdogan-putin-to-meet-in-moscow-this-week-for-syria-talks'
const NOTICE = 'RFE/RL has been declared an "undesirable organization" by the Russian government.'
const ESCAPED_NOTICE = NOTICE.replace(/"/g, '&quot;')
const call = (pathname: string, headers: Record<string, string> = {}) => frontDoor(frontDoorRequest(pathname, headers))
const rewrittenTo = (answer: FrontDoorAnswer) => (answer.action === 'rewrite' ? answer.pathname : null)

describe('the front door: the article variant for the reader’s region', () => {
  const saved = { ...process.env }
  afterEach(() => {
    process.env = { ...saved, LAKE_URL: process.env.LAKE_URL }
  })

  it('serves everyone’s page in place to readers without a region or from a region no notice names', async () => {
    for (const headers of [{}, { 'x-vercel-ip-country': 'FR' }, { 'cf-ipcountry': 'XX' }] as Record<string, string>[]) {
      expect(await call(`/articles/${SLUG}`, headers)).toEqual({ action: 'pass', vary: 'x-vercel-ip-country, cf-ipcountry' })
    }
  })

  it('rewrites readers in a notice’s region to that region’s prerendered variant (first configured header wins)', async () => {
    expect(rewrittenTo(await call(`/articles/${SLUG}`, { 'x-vercel-ip-country': 'RU' }))).toBe(`/articles/${SLUG}/region/RU`)
    expect(rewrittenTo(await call(`/articles/${SLUG}`, { 'cf-ipcountry': 'ru' }))).toBe(`/articles/${SLUG}/region/RU`)
    expect(rewrittenTo(await call(`/articles/${SLUG}`, { 'x-vercel-ip-country': 'FR', 'cf-ipcountry': 'RU' }))).toBeNull()
  })

  it('reads the headers REGION_HEADER names', async () => {
    process.env.REGION_HEADER = 'x-geo'
    expect(await call(`/articles/${SLUG}`, { 'x-geo': 'RU', 'x-vercel-ip-country': 'FR' })).toEqual({ action: 'rewrite', pathname: `/articles/${SLUG}/region/RU`, vary: 'x-geo' })
  })

  it('rewrites the lite URL to its audience’s variant, and unknown slugs to the 404 page', async () => {
    expect(rewrittenTo(await call(`/articles/${SLUG}/lite`))).toBe(`/articles/${SLUG}/lite/everyone`)
    expect(rewrittenTo(await call(`/articles/${SLUG}/lite`, { 'cf-ipcountry': 'RU' }))).toBe(`/articles/${SLUG}/lite/RU`)
    expect(rewrittenTo(await call('/articles/no-such-story/lite'))).toBe('/_unknown-url')
  })

  it('answers the internal variant paths, asked for directly, with the 404 page (no made-up regions in the cache)', async () => {
    for (const pathname of [`/articles/${SLUG}/region/RU`, `/articles/${SLUG}/region/ZZ`, `/articles/${SLUG}/lite/everyone`, `/articles/${SLUG}/lite/QQ`]) {
      expect(rewrittenTo(await call(pathname))).toBe('/_unknown-url')
      expect(rewrittenTo(await call(pathname, { 'cf-ipcountry': 'RU' }))).toBe('/_unknown-url')
    }
  })
})

describe('the lite route', () => {
  const lite = async (audience: string) => {
    const response = await liteGet(new Request(`http://site/articles/${SLUG}/lite/${audience}`), { params: Promise.resolve({ slug: SLUG, audience }) })
    return { response, html: await response.text() }
  }

  it('renders the story without any script, with inline CSS (style attributes), attribution, a small image and links to the full page', async () => {
    const { response, html } = await lite('everyone')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(html).not.toMatch(/<script/i)
    expect(html).not.toMatch(/<link[^>]+stylesheet/i)
    const doc = new DOMParser().parseFromString(html, 'text/html')
    expect(doc.documentElement.lang).toBe('en')
    expect(doc.querySelector('h1')?.textContent).toBe('Turkey: Erdogan, Putin To Meet In Moscow This Week For Syria Talks')
    // CSS inline as style attributes (the site's CSP allows those, not <style> elements).
    expect(doc.querySelectorAll('style')).toHaveLength(0)
    expect(doc.body.getAttribute('style')).toMatch(/max-width:40rem/)
    // No dek: the description is the first paragraph.
    expect(doc.querySelector('meta[name="description"]')?.getAttribute('content')).toMatch(/^Turkish President Recep Tayyip Erdogan and his Russian counterpart/)
    expect(doc.querySelector('link[rel="canonical"]')?.getAttribute('href')).toBe(`http://localhost:3000/articles/${SLUG}`)
    expect(doc.body.textContent?.replace(/\s+/g, ' ')).toContain('Based on reporting by Reuters, AFP, and TASS')
    expect(doc.body.textContent).toContain('But Syria and Russia look increasingly determined to regain full control of the area')
    const images = doc.querySelectorAll('img')
    expect(images).toHaveLength(1)
    expect(images[0].getAttribute('width')).toBe('256')
    expect(images[0].getAttribute('alt')).toMatch(/^Abstract graphic/)
    expect([...doc.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toContain(`/articles/${SLUG}`)
    // Everyone's variant has everyone's notice (the seed's), and no region notice.
    expect(html).toContain(ESCAPED_NOTICE)
    expect(html).not.toContain(REGION_NOTICE_TEXT)
  })

  it('keeps everyone’s notice and adds the one addressed to the region, each a labelled region', async () => {
    const { html } = await lite('RU')
    const doc = new DOMParser().parseFromString(html, 'text/html')
    const notice = doc.querySelector('section[aria-label="Undesirable organization notice for readers in Russia"]')
    expect(notice?.textContent).toContain(NOTICE)
    expect(notice?.querySelector('a')?.getAttribute('href')).toBe('https://www.rferl.org/')
    expect(doc.querySelector(`section[aria-label="${REGION_NOTICE_TITLE}"]`)?.textContent).toContain(REGION_NOTICE_TEXT)
  })

  it('answers 404 for an unknown slug or audience', async () => {
    const unknown = await liteGet(new Request('http://site/x'), { params: Promise.resolve({ slug: 'no-such-story', audience: 'everyone' }) })
    expect(unknown.status).toBe(404)
    expect((await lite('not-an-audience')).response.status).toBe(404)
  })
})
