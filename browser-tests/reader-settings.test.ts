import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import AxeBuilder from '@axe-core/playwright'
import type { Browser } from 'playwright-core'
import { baseUrl, launchBrowser } from './browser'

const ARTICLE = '/articles/turkey-erdogan-putin-to-meet-in-moscow-this-week-for-syria-talks'

describe("the reader's device and settings", () => {
  let browser: Browser
  before(async () => {
    browser = await launchBrowser()
  })
  after(async () => {
    await browser?.close()
  })

  it('reflows at 320 CSS px without horizontal scrolling (WCAG 1.4.10)', async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 640 } })
    const page = await context.newPage()
    for (const path of [ARTICLE, '/']) {
      await page.goto(`${baseUrl()}${path}`, { waitUntil: 'networkidle' })
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
      assert.equal(overflow, 0, `${path} scrolls sideways by ${overflow}px at 320px`)
    }
    await context.close()
  })

  it('keeps AA contrast in dark mode', async () => {
    const context = await browser.newContext({ colorScheme: 'dark' })
    const page = await context.newPage()
    await page.goto(`${baseUrl()}${ARTICLE}`)
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor)
    assert.notEqual(background, 'rgb(255, 255, 255)', 'dark mode did not change the page background')
    const results = await new AxeBuilder({ page }).withRules(['color-contrast']).analyze()
    assert.deepEqual(results.violations.map((v) => v.nodes.map((n) => n.target.join(' '))).flat(), [])
    await context.close()
  })

  it("shows times in the reader's language and time zone, with the ISO instant in datetime", async () => {
    const context = await browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Moscow' })
    const page = await context.newPage()
    await page.goto(`${baseUrl()}${ARTICLE}`)
    const updated = page.locator('time[datetime="2020-03-02T14:00:00Z"]').first()
    // 14:00 UTC is 17:00 in Moscow; German month names.
    await page.waitForFunction(() => document.querySelector('time[datetime="2020-03-02T14:00:00Z"]')?.textContent?.includes('März'))
    const text = await updated.innerText()
    assert.match(text, /2\. März 2020/)
    assert.match(text, /17:00/)
    await context.close()
  })

  it('stays usable at 200% text zoom (WCAG 1.4.4): no text is clipped off the side', async () => {
    // bypassCSP: the injected style stands in for the reader's browser text-size setting, which no page CSP governs.
    const context = await browser.newContext({ viewport: { width: 640, height: 800 }, bypassCSP: true })
    const page = await context.newPage()
    await page.goto(`${baseUrl()}${ARTICLE}`)
    await page.addStyleTag({ content: 'html { font-size: 200% !important; }' })
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    assert.equal(overflow, 0)
    await context.close()
  })
})
