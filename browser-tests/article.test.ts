import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import AxeBuilder from '@axe-core/playwright'
import type { Browser } from 'playwright-core'
import { baseUrl, launchBrowser, watchPage } from './browser'

const SLUG = 'turkey-erdogan-putin-to-meet-in-moscow-this-week-for-syria-talks'
const HEADLINE = 'Turkey: Erdogan, Putin To Meet In Moscow This Week For Syria Talks'

describe('the story in a real browser', () => {
  let browser: Browser
  before(async () => {
    browser = await launchBrowser()
  })
  after(async () => {
    await browser?.close()
  })

  it('home page lists the stories and links to the article', async () => {
    const page = await browser.newPage()
    const watch = watchPage(page)
    const response = await page.goto(`${baseUrl()}/`)
    assert.equal(response?.status(), 200)
    const link = page.getByRole('link', { name: HEADLINE }).first()
    await link.click()
    await page.waitForURL(`**/articles/${SLUG}`)
    assert.equal(await page.locator('h1').innerText(), HEADLINE)
    assert.deepEqual(watch.consoleErrors, [])
    await page.close()
  })

  it('article page has every element of the source page, first-party only, no console errors', async () => {
    // At its plain URL, with no region header, as every reader gets it: the legal notice included
    // (readers in Russia mostly arrive through VPNs, so the notice is for everyone, as on the seed page).
    const context = await browser.newContext()
    const page = await context.newPage()
    const watch = watchPage(page)
    const response = await page.goto(`${baseUrl()}/articles/${SLUG}`, { waitUntil: 'networkidle' })
    assert.equal(response?.status(), 200)
    assert.equal(await page.locator('h1').count(), 1)
    assert.equal(await page.locator('h1').innerText(), HEADLINE)
    // textContent, not innerText: labels such as "Breaking News" are upper-cased by CSS only.
    const text = (await page.locator('body').textContent()) ?? ''
    assert.equal(await page.getByRole('region', { name: 'Breaking News' }).count(), 1)
    for (const expected of [
      'Updated',
      'Turkish President Recep Tayyip Erdogan (right) and Russian President Vladimir Putin mark the formal launch of the TurkStream pipeline on January 8.',
      'But Syria and Russia look increasingly determined to regain full control of the area and an offensive launched in December has displaced close to a million civilians.',
      'Based on reporting by Reuters, AFP, and TASS',
      'RFE/RL has been declared an "undesirable organization" by the Russian government.',
      'If you are in Russia or the Russia-controlled parts of Ukraine and hold a Russian passport',
      'To find out more, click here.',
    ]) {
      assert.ok(text.includes(expected), `page text lacks: ${expected}`)
    }
    // The lead image is served from our own origin and actually decodes.
    const image = page.locator('figure img').first()
    assert.ok(await image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
    assert.deepEqual([...watch.origins], [baseUrl()])
    assert.deepEqual(watch.failed, [])
    assert.deepEqual(watch.consoleErrors, [])
    await context.close()
  })

  it('passes axe (WCAG 2.2 AA) on the article and home pages', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    for (const path of [`/articles/${SLUG}`, '/']) {
      await page.goto(`${baseUrl()}${path}`)
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze()
      const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
      assert.deepEqual(summary, [], `${path} has axe violations`)
    }
    await context.close()
  })

  it('skip links are the first focusable elements and move focus to their targets', async () => {
    const page = await browser.newPage()
    await page.goto(`${baseUrl()}/articles/${SLUG}`)
    await page.keyboard.press('Tab')
    const first = page.locator(':focus')
    assert.equal(await first.innerText(), 'Skip to main content')
    assert.ok(await first.isVisible(), 'skip link is visible on focus')
    await page.keyboard.press('Enter')
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main-content')
    await page.keyboard.press('Shift+Tab')
    await page.goto(`${baseUrl()}/articles/${SLUG}`)
    await page.keyboard.press('Tab')
    await page.keyboard.press('Tab')
    assert.equal(await page.locator(':focus').innerText(), 'Skip to navigation')
    await page.close()
  })

  it('text size buttons are pressable, at least 24×24, and the choice applies before first paint on the next page', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(`${baseUrl()}/articles/${SLUG}`)
    const group = page.getByRole('group', { name: /text size/i })
    const buttons = group.getByRole('button')
    assert.equal(await buttons.count(), 4)
    assert.deepEqual(await buttons.allInnerTexts(), ['XS', 'SM', 'MD', 'LG'])
    for (const box of await Promise.all((await buttons.all()).map((b) => b.boundingBox()))) {
      assert.ok(box && box.width >= 24 && box.height >= 24, `button box ${JSON.stringify(box)} is under 24×24`)
    }
    const paragraph = page.getByText('Kremlin spokesman Dmitry Peskov on March 2 also confirmed the talks on Syria in Moscow.')
    const before = await paragraph.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
    const large = buttons.filter({ hasText: 'LG' })
    await large.click()
    assert.equal(await large.getAttribute('aria-pressed'), 'true')
    const after = await paragraph.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
    assert.ok(after > before, `LG (${after}px) is not larger than MD (${before}px)`)
    // Next page load: the attribute is set by the inline head script, before any paint.
    await page.addInitScript(() => {
      document.addEventListener('DOMContentLoaded', () => {
        ;(window as unknown as { sizeAtDomReady: string }).sizeAtDomReady = document.documentElement.dataset.textSize ?? ''
      })
    })
    await page.reload()
    assert.equal(await page.evaluate(() => (window as unknown as { sizeAtDomReady: string }).sizeAtDomReady), 'lg')
    assert.equal(await page.getByRole('button', { name: /LG|large/i }).first().getAttribute('aria-pressed'), 'true')
    await context.close()
  })

  it('an unknown slug is a real 404 page', async () => {
    const page = await browser.newPage()
    const response = await page.goto(`${baseUrl()}/articles/no-such-story`)
    assert.equal(response?.status(), 404)
    assert.match(await page.locator('h1').innerText(), /not found|can.t find|cannot find/i)
    await page.close()
  })

  it('without JavaScript the article is readable at MD', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false })
    const page = await context.newPage()
    await page.goto(`${baseUrl()}/articles/${SLUG}`)
    assert.equal(await page.locator('h1').innerText(), HEADLINE)
    assert.ok((await page.locator('body').innerText()).includes('Based on reporting by Reuters, AFP, and TASS'))
    await context.close()
  })
})
