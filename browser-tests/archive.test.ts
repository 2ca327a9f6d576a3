/**
 * The reader archive at a few hundred stories (issue 19), over plain HTTP as a crawler without
 * JavaScript reads it: the site's server on a private copy of the build, its own lake with the
 * seed plus 300 synthetic stories, a page cache capped at 3 MB and child sitemaps of 40 URLs.
 * - Following links only (`<a href>` outside scripts) from the home page reaches every published
 *   story, through sections and their pages and the date archive; no link answers an error.
 * - The crawl renders ~300 pages never seen (≈ 30 MB unbounded), yet the page cache's entries on
 *   disk stay under the cap; a page evicted early renders again on its next request.
 * - /sitemap.xml is a sitemap index; its children are well-formed XML (the browser's parser), each
 *   ≤ 40 URLs, and together list every published story.
 */
import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Browser } from 'playwright-core'
import { launchBrowser } from './browser'
import { cacheEntryBytes } from '../bench/cache-bytes'
import { pageLinks, startArchiveSite, type ArchiveSite } from './archive-site'
import { get, inParallel } from './site-process'

const STORIES = 300
const CACHE_CAP_MB = 3
const URLS_PER_SITEMAP = 40
/** Not part of browsing: the Studio, APIs, images, feeds and sitemaps, search results, lite pages. */
const NOT_BROWSED = /^\/(?:studio|api|media|search|feed\.xml|sitemap|news-sitemap|robots)|\/lite$/

describe(`the archive at ${STORIES} stories, crawled without JavaScript`, () => {
  let archive: ArchiveSite
  let browser: Browser
  const crawled: string[] = []
  const failures: string[] = []
  let storiesReached = new Set<string>()

  before(async () => {
    archive = await startArchiveSite(STORIES, { PAGE_CACHE_MAX_MB: String(CACHE_CAP_MB), SITEMAP_URLS_PER_FILE: String(URLS_PER_SITEMAP) })
    browser = await launchBrowser()
  })
  after(async () => {
    await browser?.close()
    await archive?.stop()
  })

  it('reaches every published story by following links from the home page', { timeout: 900_000 }, async () => {
    const seen = new Set<string>(['/'])
    let frontier = ['/']
    let retried = 0
    while (frontier.length > 0) {
      const next: string[] = []
      // Two at a time, as a polite crawler reads (the lake shares two cores with the site, Chromium
      // and the tests); a 503 "busy" answer is asked again after its Retry-After, as crawlers do.
      await inParallel(frontier.length, 2, async (i) => {
        const target = frontier[i]
        let page = await get(`${archive.site.url}${target}`)
        for (let attempt = 0; page.status === 503 && page.headers.get('retry-after') && attempt < 20; attempt++) {
          retried++
          await new Promise((resolve) => setTimeout(resolve, Number(page.headers.get('retry-after')) * 1000))
          page = await get(`${archive.site.url}${target}`)
        }
        crawled.push(target)
        if (page.status !== 200) {
          failures.push(`${page.status} ${target}`)
          return
        }
        for (const href of pageLinks(page.text)) {
          if (!href.startsWith('/') || href.startsWith('//') || NOT_BROWSED.test(href)) continue
          const clean = href.split('#')[0]
          if (clean && !seen.has(clean)) {
            seen.add(clean)
            next.push(clean)
          }
        }
      })
      frontier = next
      assert.ok(seen.size < 5000, 'the crawl stays within the site')
    }
    assert.deepEqual(failures, [])
    storiesReached = new Set(crawled.filter((target) => target.startsWith('/articles/')).map((target) => target.slice('/articles/'.length)))
    const published = await archive.publishedSlugs()
    assert.equal(published.length, STORIES + 5)
    assert.deepEqual(published.filter((slug) => !storiesReached.has(slug)), [], 'stories no link leads to')
    // Both ways in were used: older section pages and archive days.
    assert.ok(crawled.some((target) => /^\/sections\/[a-z-]+\/page\/\d+$/.test(target)))
    assert.ok(crawled.some((target) => /^\/archive\/\d{4}\/\d{2}\/\d{2}$/.test(target)))
    console.log(`[archive] ${crawled.length} pages crawled (${retried} asked again after a 503), ${storiesReached.size} stories reached`)
  })

  it(`keeps the page cache under its cap of ${CACHE_CAP_MB} MB while the crawl rendered every story`, () => {
    const bytes = cacheEntryBytes(path.join(archive.site.dir, '.next'))
    console.log(`[archive] page cache entries: ${(bytes / 1024 / 1024).toFixed(2)} MB on disk after ${storiesReached.size} story pages`)
    assert.ok(storiesReached.size >= STORIES, 'the crawl rendered the stories')
    assert.ok(bytes <= CACHE_CAP_MB * 1024 * 1024, `${bytes} bytes of cache entries, over the cap`)
  })

  it('renders a page evicted early again on its next request', async () => {
    const first = crawled.find((target) => target.startsWith('/articles/synthetic-story-'))!
    const again = await get(`${archive.site.url}${first}`)
    assert.equal(again.status, 200)
    assert.equal(again.headers.get('x-nextjs-cache'), 'MISS', 'rendered again, not served from the cache')
    assert.match(again.text, /<h1[^>]*>Synthetic \d+:/)
  })

  it(`serves a sitemap index whose children (≤ ${URLS_PER_SITEMAP} URLs each, valid XML) list every published story`, async () => {
    const page = await browser.newPage()
    const parse = (xml: string) =>
      page.evaluate((text) => {
        const doc = new DOMParser().parseFromString(text, 'application/xml')
        return { errors: doc.getElementsByTagName('parsererror').length, root: doc.documentElement.localName, ns: doc.documentElement.namespaceURI, locs: [...doc.getElementsByTagName('loc')].map((loc) => loc.textContent ?? '') }
      }, xml)
    const index = await get(`${archive.site.url}/sitemap.xml`)
    assert.equal(index.status, 200)
    const parsedIndex = await parse(index.text)
    assert.deepEqual([parsedIndex.errors, parsedIndex.root, parsedIndex.ns], [0, 'sitemapindex', 'http://www.sitemaps.org/schemas/sitemap/0.9'])
    const listed: string[] = []
    for (const loc of parsedIndex.locs) {
      const child = await get(`${archive.site.url}${new URL(loc).pathname}`)
      assert.equal(child.status, 200, loc)
      assert.match(child.headers.get('content-type') ?? '', /^application\/xml/)
      const parsed = await parse(child.text)
      assert.deepEqual([parsed.errors, parsed.root], [0, 'urlset'], loc)
      assert.ok(parsed.locs.length <= URLS_PER_SITEMAP, `${loc} lists ${parsed.locs.length} URLs`)
      listed.push(...parsed.locs.map((url) => new URL(url).pathname).filter((p) => p.startsWith('/articles/')).map((p) => p.slice('/articles/'.length)))
    }
    assert.ok(parsedIndex.locs.length >= Math.ceil(STORIES / URLS_PER_SITEMAP) + 1)
    assert.deepEqual([...listed].sort(), (await archive.publishedSlugs()).sort(), 'every story once')
    // A part past a year's last is a 404, answered before rendering.
    assert.equal((await get(`${archive.site.url}/sitemaps/articles/2025-99.xml`)).status, 404)
    await page.close()
  })

  it('wrote no stack trace or server error to the log', () => {
    const bad = archive.site.log.filter((line) => /^\s+at |Internal Server Error|⨯|Error:/.test(line))
    assert.deepEqual(bad, [], archive.site.log.join('\n'))
  })
})
