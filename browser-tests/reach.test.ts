import assert from 'node:assert/strict'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import AxeBuilder from '@axe-core/playwright'
import type { Browser } from 'playwright-core'
import { readLakeToken } from '../lib/sanity/lake-token'
import { readSettings } from '../lib/sanity/settings'
import { mutateLake, REGION_NOTICE_TEXT, REGION_NOTICE_TITLE, regionNoticeMutations, removeRegionNoticeMutations } from '../__tests__/fixtures/region-notice'
import { baseUrl, launchBrowser, watchPage } from './browser'

/**
 * Readers who arrive from search, aggregators and feeds, from one region, or on slow connections,
 * against the built site: the four distribution endpoints (parsed by the browser's XML parser),
 * the region variants of a notice addressed to one region (a test notice for RU; the seed's own
 * notice is for everyone) over HTTP and from the cache, the lite page's byte
 * budget and script-free markup (plus axe and first-party only), and the home page's first
 * image loading eagerly.
 */

const SLUG = 'turkey-erdogan-putin-to-meet-in-moscow-this-week-for-syria-talks'
const NOTICE = 'RFE/RL has been declared an "undesirable organization" by the Russian government.'
const LITE_BUDGET_BYTES = 30 * 1024
const BROWSER_ACCEPT = { html: 'text/html,application/xhtml+xml,*/*;q=0.8', image: 'image/avif,image/webp,image/apng,image/*,*/*;q=0.8' }

type RawResponse = { status: number; headers: http.IncomingHttpHeaders; bodyBytes: number; headerBytes: number; body: Buffer }

/** One GET with gzip allowed, counting the bytes on the wire (status line + headers + compressed body). */
function rawGet(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers: { 'accept-encoding': 'gzip, br', ...headers }, timeout: 30_000 }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => {
        const body = Buffer.concat(chunks)
        const headerBytes = `HTTP/1.1 ${response.statusCode} ${response.statusMessage}\r\n`.length + response.rawHeaders.reduce((sum, part) => sum + part.length + 2, 0) + 2
        resolve({ status: response.statusCode ?? 0, headers: response.headers, bodyBytes: body.length, headerBytes, body })
      })
      response.on('error', reject)
    })
    request.on('timeout', () => request.destroy(new Error(`GET ${url} timed out`)))
    request.on('error', reject)
  })
}

async function text(pathname: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${baseUrl()}${pathname}`, { headers })
  return { response, body: await response.text() }
}

describe('distribution, region notices, lite page and image priority on the built site', () => {
  let browser: Browser
  const lake = () => ({ url: process.env.LAKE_URL ?? readSettings().lake.url, token: readLakeToken(readSettings().lake.dataDir) ?? '' })
  before(async () => {
    browser = await launchBrowser()
    // A notice for RU only, published the way an editor would (the webhook revalidates the story).
    await mutateLake(lake().url, lake().token, regionNoticeMutations())
  })
  after(async () => {
    await browser?.close()
    await mutateLake(lake().url, lake().token, removeRegionNoticeMutations())
  })

  it('serves the four distribution endpoints, well-formed and with absolute URLs', async () => {
    const page = await browser.newPage()
    await page.goto(`${baseUrl()}/robots.txt`)
    for (const [pathname, type, root] of [
      ['/sitemap.xml', 'application/xml', 'sitemapindex'],
      ['/sitemaps/pages.xml', 'application/xml', 'urlset'],
      ['/sitemaps/articles/2020-1.xml', 'application/xml', 'urlset'],
      ['/news-sitemap.xml', 'application/xml', 'urlset'],
      ['/feed.xml', 'application/rss+xml', 'rss'],
    ] as const) {
      const { response, body } = await text(pathname)
      assert.equal(response.status, 200, pathname)
      assert.ok(response.headers.get('content-type')?.startsWith(type), `${pathname}: ${response.headers.get('content-type')}`)
      const parsed = await page.evaluate((xml) => {
        const doc = new DOMParser().parseFromString(xml, 'application/xml')
        return { errors: doc.getElementsByTagName('parsererror').length, root: doc.documentElement.localName, locs: [...doc.querySelectorAll('loc, item > link')].map((e) => e.textContent ?? '') }
      }, body)
      assert.equal(parsed.errors, 0, `${pathname} is well-formed XML`)
      assert.equal(parsed.root, root)
      for (const loc of parsed.locs) assert.match(loc, /^https?:\/\//, `${pathname}: ${loc} is absolute`)
    }
    const robots = await text('/robots.txt')
    assert.match(robots.body, /^Sitemap: https?:\/\/.+\/sitemap\.xml$/m)
    assert.match(robots.body, /^Sitemap: https?:\/\/.+\/news-sitemap\.xml$/m)
    await page.close()
  })

  it('shows a region’s notice only to readers in its region, both variants cached and varying on the region header', async () => {
    // The publish reaches the front door and the page cache through the webhook: wait for it.
    const deadline = Date.now() + 20_000
    while (!(await text(`/articles/${SLUG}`, { 'x-vercel-ip-country': 'RU' })).body.includes(REGION_NOTICE_TEXT)) {
      assert.ok(Date.now() < deadline, 'readers in RU see the notice addressed to them within 20 s of its publish')
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
    // One request each puts the variants in the cache, so the checks below see cached answers.
    for (const headers of [{}, { 'x-vercel-ip-country': 'RU' }] as Record<string, string>[]) await text(`/articles/${SLUG}`, headers)
    const everyone = await text(`/articles/${SLUG}`)
    const russia = await text(`/articles/${SLUG}`, { 'x-vercel-ip-country': 'RU' })
    const france = await text(`/articles/${SLUG}`, { 'cf-ipcountry': 'FR' })
    // Every answer, page and lite page, varies on the region headers (added to Next's own Vary by
    // the site's server), so a shared cache in front keeps the variants apart.
    for (const headers of [{}, { 'x-vercel-ip-country': 'RU' }] as Record<string, string>[]) {
      for (const url of [`/articles/${SLUG}`, `/articles/${SLUG}/lite`]) {
        const answer = await fetch(`${baseUrl()}${url}`, { headers })
        assert.match(answer.headers.get('vary') ?? '', /\brsc\b.*x-vercel-ip-country, cf-ipcountry/i, `${url} ${JSON.stringify(headers)}: Vary`)
      }
    }
    for (const { response } of [everyone, russia, france]) {
      assert.equal(response.status, 200)
      // Served from the prerendered cache, not rendered for the request.
      assert.match(response.headers.get('x-nextjs-cache') ?? '', /HIT|STALE/)
      assert.match(response.headers.get('cache-control') ?? '', /s-maxage=\d+/)
    }
    for (const page of [everyone, france, russia]) assert.ok(page.body.includes(NOTICE.replace(/"/g, '&quot;')), 'every reader gets everyone’s notice (the seed’s)')
    assert.ok(!everyone.body.includes(REGION_NOTICE_TEXT), 'everyone’s page has no RU-only notice')
    assert.ok(!france.body.includes(REGION_NOTICE_TEXT), 'a reader in France gets everyone’s page')
    assert.ok(russia.body.includes(REGION_NOTICE_TEXT), 'a reader in Russia gets the notice addressed to RU')
    // The variant URL itself is internal.
    assert.equal((await fetch(`${baseUrl()}/articles/${SLUG}/region/RU`)).status, 404)
  })

  it('keeps the article and its variants static in the build output', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '.next', 'prerender-manifest.json'), 'utf8')) as {
      routes: Record<string, unknown>
      dynamicRoutes: Record<string, unknown>
    }
    // The seed addresses no notice to a region, so no region variant is built; one is rendered and
    // cached on first request once a notice names its region (see the test above).
    for (const route of [`/articles/${SLUG}`, `/articles/${SLUG}/lite/everyone`, '/sitemap.xml', '/news-sitemap.xml', '/feed.xml', '/robots.txt']) {
      assert.ok(route in manifest.routes, `${route} is prerendered`)
    }
  })

  it('serves the lite page in ≤ 30 KB transferred (HTML, inline CSS, image; compressed) with no script', async () => {
    const page = await rawGet(`${baseUrl()}/articles/${SLUG}/lite`, { accept: BROWSER_ACCEPT.html })
    assert.equal(page.status, 200)
    const html = (await text(`/articles/${SLUG}/lite`)).body
    assert.ok(!/<script/i.test(html), 'no <script in the lite page')
    assert.ok(!/<link[^>]+rel="?stylesheet/i.test(html), 'CSS is inline')
    assert.ok(!/<style/i.test(html) && /<body style="/.test(html), 'CSS is inline, in style attributes (the CSP allows no <style>)')
    const tags = html.match(/<img[^>]*>/g) ?? []
    assert.ok(tags.length <= 1, 'at most one image')
    // The largest candidate (the 2x one, which high-density phones fetch) counts.
    const images = tags.map((tag) => {
      const candidates = [/ src="([^"]+)"/.exec(tag)?.[1], ...(/ srcset="([^"]+)"/.exec(tag)?.[1].split(',').map((c) => c.trim().split(/\s+/)[0]) ?? [])]
      return candidates.filter((c): c is string => Boolean(c)).map((c) => c.replace(/&amp;/g, '&')).at(-1)!
    })
    let total = page.headerBytes + page.bodyBytes
    for (const src of images) {
      const image = await rawGet(new URL(src, baseUrl()).toString(), { accept: BROWSER_ACCEPT.image })
      assert.equal(image.status, 200, src)
      total += image.headerBytes + image.bodyBytes
    }
    assert.ok(total <= LITE_BUDGET_BYTES, `lite page transfers ${total} bytes (budget ${LITE_BUDGET_BYTES})`)
    console.log(`[lite] ${total} bytes transferred (HTML ${page.bodyBytes} compressed, ${page.headers['content-encoding'] ?? 'identity'})`)
  })

  it('lite page: linked from the full article; no script elements, axe-clean, first-party only, notice for its region', async () => {
    const context = await browser.newContext({ extraHTTPHeaders: { 'x-vercel-ip-country': 'RU' } })
    const full = await context.newPage()
    assert.equal((await full.goto(`${baseUrl()}/articles/${SLUG}`))?.status(), 200)
    const alternate = await full.locator('link[rel="alternate"][type="text/html"]').getAttribute('href')
    assert.match(alternate ?? '', new RegExp(`/articles/${SLUG}/lite$`))
    await full.getByRole('link', { name: /Lite version/ }).click()
    await full.waitForURL(`**/articles/${SLUG}/lite`)
    await full.close()

    const page = await context.newPage()
    const watch = watchPage(page)
    assert.equal((await page.goto(`${baseUrl()}/articles/${SLUG}/lite`, { waitUntil: 'networkidle' }))?.status(), 200)
    assert.equal(await page.locator('script').count(), 0)
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze()
    assert.deepEqual(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [])
    assert.equal(await page.getByRole('region', { name: 'Undesirable organization notice for readers in Russia' }).count(), 1)
    assert.equal(await page.getByRole('region', { name: REGION_NOTICE_TITLE }).count(), 1)
    assert.ok(((await page.locator('body').textContent()) ?? '').includes('Based on reporting by Reuters, AFP, and TASS'))
    const image = page.locator('figure img')
    assert.ok(await image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), 'the small image decodes')
    assert.deepEqual([...watch.origins], [baseUrl()])
    assert.deepEqual(watch.failed, [])
    assert.deepEqual(watch.consoleErrors, [])
    await context.close()
  })

  it('loads the home page’s first image and the article’s lead image eagerly with high priority, the rest lazily', async () => {
    const page = await browser.newPage()
    await page.goto(`${baseUrl()}/`)
    const images = await page.locator('main img').evaluateAll((imgs) => imgs.map((img) => ({ loading: img.getAttribute('loading'), priority: img.getAttribute('fetchpriority') })))
    assert.ok(images.length >= 1)
    assert.notEqual(images[0].loading, 'lazy')
    assert.equal(images[0].priority, 'high')
    for (const image of images.slice(1)) assert.equal(image.loading, 'lazy')
    await page.goto(`${baseUrl()}/articles/${SLUG}`)
    const lead = page.locator('article figure img').first()
    assert.notEqual(await lead.getAttribute('loading'), 'lazy')
    assert.equal(await lead.getAttribute('fetchpriority'), 'high')
    await page.close()
  })
})
