/**
 * What a person sees, not what the DOM holds: an element a test clicks must be visible, inside the
 * viewport, not faded out, and on top at its centre (`document.elementFromPoint`), so a menu that
 * opens behind something, or a button covered by an overlay, fails the test. Every step is also
 * saved as a screenshot (`test-results/<suite>/NN-step.png`) for a person to look at.
 */
import assert from 'node:assert/strict'
import { mkdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import type { Locator, Page } from 'playwright-core'

const RESULTS_DIR = path.join(__dirname, '..', 'test-results')

/** Numbered screenshots of a suite's steps, in `test-results/<suite>/` (emptied when created). */
export function screenshotSteps(suite: string) {
  const dir = path.join(RESULTS_DIR, suite)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  let step = 0
  return {
    dir,
    async take(page: Page, name: string): Promise<string> {
      step += 1
      const file = path.join(dir, `${String(step).padStart(2, '0')}-${name.replace(/[^a-z0-9-]+/gi, '-').toLowerCase()}.png`)
      await page.screenshot({ path: file })
      return file
    },
  }
}

export type Screenshots = ReturnType<typeof screenshotSteps>

/**
 * Why the element is not what a person could see and click at its centre, or null when they can.
 * Works inside iframes too: the centre is taken in the element's own document.
 */
async function hiddenReason(page: Page, target: Locator): Promise<string | null> {
  const box = await target.boundingBox()
  if (!box || box.width < 1 || box.height < 1) return 'it has no size on screen'
  const viewport = page.viewportSize()
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 2]
  if (viewport && (x < 0 || y < 0 || x > viewport.width || y > viewport.height)) return `its centre (${x}, ${y}) is outside the viewport`
  return target.evaluate((element) => {
    for (let node: Element | null = element; node; node = node.parentElement) {
      const style = getComputedStyle(node)
      if (style.visibility === 'hidden' || style.display === 'none') return `${node.tagName.toLowerCase()} is ${style.visibility === 'hidden' ? 'visibility: hidden' : 'display: none'}`
      if (Number(style.opacity) < 0.1) return `${node.tagName.toLowerCase()} has opacity ${style.opacity}`
    }
    const rect = element.getBoundingClientRect()
    const hit = document.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2)
    if (!hit) return 'nothing is at its centre'
    if (hit === element || element.contains(hit)) return null
    const describe = (node: Element) => `${node.tagName.toLowerCase()}${node.id ? `#${node.id}` : ''}${node.getAttribute('data-testid') ? `[data-testid=${node.getAttribute('data-testid')}]` : ''}`
    return `${describe(hit)} is on top at its centre`
  })
}

/** Waits until `target` is visible and on top at its centre (animations settle), or fails naming why not. */
export async function assertOnTop(page: Page, target: Locator, what: string, timeoutMs = 15_000): Promise<void> {
  await target.waitFor({ state: 'visible', timeout: timeoutMs })
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const reason = await hiddenReason(page, target)
    if (reason === null) return
    if (Date.now() > deadline) assert.fail(`${what} is not what a person can see and click: ${reason}`)
    await page.waitForTimeout(100)
  }
}

/** Clicks `target` as a person would: only once it is visible and on top at its centre. */
export async function clickVisible(page: Page, target: Locator, what: string, timeoutMs?: number): Promise<void> {
  await assertOnTop(page, target, what, timeoutMs)
  await target.click()
}
