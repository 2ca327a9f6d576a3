/**
 * A reader browsing the archive in Chromium with JavaScript turned off (issue 19), on the built
 * site with its own lake (the seed plus 130 synthetic stories): a section's older pages through
 * their visible links (with `rel` and `<link rel="prev|next">` in the head), the date archive
 * from year to story, and search through the form (Enter submits it: a GET without JavaScript),
 * with the matched word marked, "no results", bad input as a 400 page that says why, and answers
 * that are never cached per query. Every click is checked visible and on top; each step is a
 * screenshot in test-results/archive-browse/. axe (WCAG 2.2 AA) on each kind of page.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import AxeBuilder from '@axe-core/playwright'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { syntheticSlug, uniqueWord } from '../bench/synthetic-stories'
import { launchBrowser } from './browser'
import { startArchiveSite, type ArchiveSite } from './archive-site'
import { get } from './site-process'
import { assertOnTop, clickVisible, screenshotSteps } from './visible'

const shots = screenshotSteps('archive-browse')

/** axe (WCAG 2.2 AA) on the page at `pageUrl`, in a context of its own: axe runs as a script, which the reader's context has turned off. */
async function axeViolations(browser: Browser, pageUrl: string): Promise<string[]> {
  const context = await browser.newContext()
  try {
    const page = await context.newPage()
    await page.goto(pageUrl)
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze()
    return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
  } finally {
    await context.close()
  }
}

describe('browsing the archive without JavaScript', () => {
  let archive: ArchiveSite
  let browser: Browser
  let context: BrowserContext
  let page: Page
  const url = (target: string) => `${archive.site.url}${target}`

  before(async () => {
    archive = await startArchiveSite(130)
    browser = await launchBrowser()
    context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1100, height: 900 } })
    page = await context.newPage()
  })
  after(async () => {
    await browser?.close()
    await archive?.stop()
  })

  it('pages through a section with visible links, rel and head links', async () => {
    assert.equal((await page.goto(url('/sections/world')))?.status(), 200)
    await shots.take(page, 'section-first-page')
    const pages = page.getByRole('navigation', { name: 'Pages of World' })
    // Below the stories: the reader scrolls down to it.
    await pages.scrollIntoViewIfNeeded()
    await shots.take(page, 'section-pagination')
    await clickVisible(page, pages.getByRole('link', { name: /Older stories/ }), 'the "Older stories" link')
    await page.waitForURL('**/sections/world/page/2')
    await shots.take(page, 'section-page-2')
    assert.match((await page.locator('h1').textContent()) ?? '', /World, page 2/)
    const last = Number(/Page 2 of (\d+)/.exec((await pages.textContent()) ?? '')?.[1])
    assert.ok(last >= 2)
    const head = await page.locator('head link[rel="prev"], head link[rel="next"]').evaluateAll((links) => links.map((l) => `${l.getAttribute('rel')} ${l.getAttribute('href')}`))
    assert.deepEqual(head, ['prev /sections/world', ...(last > 2 ? ['next /sections/world/page/3'] : [])])
    assert.equal(await pages.getByRole('link', { name: /Newer stories/ }).getAttribute('rel'), 'prev')
    assert.deepEqual(await axeViolations(browser, page.url()), [])
    // The last page has no older link; past it, and page 1 under /page/, are what a reader expects.
    await page.goto(url(`/sections/world/page/${last}`))
    assert.equal(await page.getByRole('link', { name: /Older stories/ }).count(), 0)
    const beyond = await page.goto(url(`/sections/world/page/${last + 1}`))
    assert.equal(beyond?.status(), 404)
    assert.equal(await page.locator('h1').textContent(), 'Page not found')
    await shots.take(page, 'section-past-last-page')
    await page.goto(url('/sections/world/page/1'))
    assert.equal(new URL(page.url()).pathname, '/sections/world')
    assert.equal((await page.goto(url('/sections/world/page/two')))?.status(), 404)
  })

  it('goes from the archive link in the header to a year, a month, a day and a story', async () => {
    await page.goto(url('/'))
    await clickVisible(page, page.getByRole('banner').getByRole('link', { name: 'Archive' }), 'the header’s Archive link')
    await page.waitForURL('**/archive')
    await shots.take(page, 'archive-years')
    assert.deepEqual(await axeViolations(browser, page.url()), [])
    await clickVisible(page, page.getByRole('region', { name: 'Years' }).getByRole('link', { name: /^2025/ }), 'the 2025 link')
    await page.waitForURL('**/archive/2025')
    await shots.take(page, 'archive-2025')
    await clickVisible(page, page.getByRole('region', { name: 'Months' }).getByRole('link', { name: /^November/ }), 'the November link')
    await page.waitForURL('**/archive/2025/11')
    await shots.take(page, 'archive-november')
    assert.deepEqual(await axeViolations(browser, page.url()), [])
    await clickVisible(page, page.getByRole('region', { name: 'Days' }).getByRole('link', { name: /^30 / }), 'the 30th')
    await page.waitForURL('**/archive/2025/11/30')
    await shots.take(page, 'archive-day')
    assert.equal(await page.locator('h1').textContent(), 'November 30, 2025')
    await clickVisible(page, page.getByRole('link', { name: /^Synthetic 0:/ }), 'the day’s newest story')
    await page.waitForURL(`**/articles/${syntheticSlug(0)}`)
    await shots.take(page, 'archive-story')
    // Odd dates: the canonical form, and a day with no stories.
    await page.goto(url('/archive/2025/11/3'))
    assert.equal(new URL(page.url()).pathname, '/archive/2025/11/03')
    assert.equal((await page.goto(url('/archive/2025/12/01')))?.status(), 404)
    assert.equal((await page.goto(url('/archive/2025/02/30')))?.status(), 404)
  })

  it('searches with the form (no JavaScript): the story with the word first, the word marked', async () => {
    await page.goto(url('/'))
    await clickVisible(page, page.getByRole('banner').getByRole('link', { name: 'Search' }), 'the header’s Search link')
    await page.waitForURL('**/search')
    const box = page.getByRole('search', { name: 'Search stories' }).getByRole('searchbox', { name: 'Search stories' })
    await assertOnTop(page, box, 'the search box')
    await box.fill(uniqueWord(77))
    await shots.take(page, 'search-typed')
    await box.press('Enter')
    await page.waitForURL(`**/search?q=${uniqueWord(77)}`)
    await shots.take(page, 'search-results')
    const results = page.getByRole('region', { name: `Results for “${uniqueWord(77)}”` })
    await assertOnTop(page, results.getByRole('link').first(), 'the first result')
    assert.equal(await results.getByRole('link').first().getAttribute('href'), `/articles/${syntheticSlug(77)}`)
    assert.deepEqual(await results.locator('mark').allTextContents(), [uniqueWord(77)])
    await assertOnTop(page, results.locator('mark').first(), 'the marked word')
    assert.deepEqual(await axeViolations(browser, page.url()), [])

    await box.fill('synthetic')
    await clickVisible(page, page.getByRole('button', { name: 'Search' }), 'the Search button')
    await page.waitForURL('**/search?q=synthetic')
    await page.getByRole('link', { name: /More results/ }).scrollIntoViewIfNeeded()
    await clickVisible(page, page.getByRole('link', { name: /More results/ }), 'the "More results" link')
    await page.waitForURL('**/search?q=synthetic&page=2')
    await shots.take(page, 'search-page-2')

    await page.getByRole('searchbox').fill('xylophonequartet')
    await page.getByRole('searchbox').press('Enter')
    await page.waitForURL('**/search?q=xylophonequartet')
    assert.match((await page.getByRole('status').textContent()) ?? '', /No stories match “xylophonequartet”/)
    await shots.take(page, 'search-no-results')
  })

  it('answers bad search input with a 400 page that says why, and never caches a search', async () => {
    const tooLong = await page.goto(url(`/search?q=${'x'.repeat(250)}`))
    assert.equal(tooLong?.status(), 400)
    await assertOnTop(page, page.getByRole('alert'), 'the message about the search text')
    assert.match((await page.getByRole('alert').textContent()) ?? '', /at most 200 characters/)
    await shots.take(page, 'search-too-long')
    assert.equal((await page.goto(url('/search?q=kremlin&page=11')))?.status(), 400)
    assert.equal((await page.goto(url('/search?q=kremlin&page=0')))?.status(), 400)
    for (const target of ['/search?q=kremlin', `/search?q=${'x'.repeat(250)}`]) {
      const answer = await get(url(target))
      assert.match(answer.headers.get('cache-control') ?? '', /no-store/, target)
      assert.equal(answer.headers.get('x-nextjs-cache'), null, `${target} is not served from the page cache`)
    }
  })
})
