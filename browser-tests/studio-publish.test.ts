import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launchBrowser } from './browser'
import { addEditor, assertNoStudioError, documentPath, headlineInput, lakeQuery, restoreStory, signIn, until, type Watch } from './studio-support'
import { clickVisible, screenshotSteps } from './visible'

/**
 * Publish state stays live in every open tab: one editor publishes and unpublishes while a second
 * editor has the same story open, and both see what a person needs to see within seconds (the
 * footer's Publish button, the other's typing) — no stale "Publish" that answers 409 when pressed.
 * Every button pressed is checked visible and on top; screenshots in test-results/studio-publish/.
 */

const shots = screenshotSteps('studio-publish')
const STORY_ID = 'article-putin-tass-no-plan-for-war'
const LIVE_MS = 5_000

/** The footer as a person sees it: whether its Publish button can be pressed, and its status line. */
async function footerState(page: Page): Promise<{ publishEnabled: boolean; status: string }> {
  const footer = page.getByTestId('pane-footer')
  const button = footer.getByRole('button', { name: /^Publish/ }).filter({ visible: true }).last()
  return { publishEnabled: await button.isEnabled(), status: ((await footer.getByRole('button').first().textContent()) ?? '').trim() }
}

/** Waits until the footer's Publish is enabled or not and, if given, its status line matches. */
async function waitForFooter(page: Page, expected: { publishEnabled: boolean; status?: RegExp }, who: string) {
  let last = { publishEnabled: false, status: '' }
  try {
    await until(`${who}: Publish ${expected.publishEnabled ? 'enabled' : 'disabled'}${expected.status ? ` and the status ${expected.status}` : ''}`, async () => {
      last = await footerState(page)
      return last.publishEnabled === expected.publishEnabled && (!expected.status || expected.status.test(last.status))
    }, LIVE_MS)
  } catch (error) {
    await shots.take(page, `failed-${who}`)
    throw new Error(`${(error as Error).message} (Publish is ${last.publishEnabled ? 'enabled' : 'disabled'}, the status says "${last.status}")`)
  }
}

describe('publish and unpublish with a second tab open', () => {
  let browser: Browser
  let editors: [string, string]
  let seeded: Record<string, unknown>
  const contexts: BrowserContext[] = []
  before(async () => {
    browser = await launchBrowser()
    editors = [addEditor('Publishing Editor'), addEditor('Second Tab Editor')]
    seeded = await lakeQuery<Record<string, unknown>>(editors[0], `*[_id == "${STORY_ID}"][0]`)
  })
  after(async () => {
    for (const context of contexts) await context.close()
    await browser?.close()
    if (seeded) await restoreStory(editors[0], seeded)
  })

  async function open(token: string): Promise<{ page: Page; watch: Watch }> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } })
    contexts.push(context)
    const opened = await signIn(context, token, documentPath(STORY_ID, 'article'))
    await headlineInput(opened.page).waitFor({ timeout: 60_000 })
    return opened
  }

  it('both tabs follow a publish, the other editor’s typing after it, an unpublish, and a publish from the second tab', async () => {
    const first = await open(editors[0])
    const second = await open(editors[1])
    const headline = `${seeded.headline as string} (${Date.now().toString(36)})`.slice(0, 110)

    await headlineInput(first.page).fill(headline)
    await until('the draft in both tabs', async () => (await headlineInput(second.page).inputValue()) === headline, LIVE_MS)
    await waitForFooter(first.page, { publishEnabled: true }, 'first tab after editing')
    await shots.take(first.page, 'first-edited')
    await clickVisible(first.page, first.page.getByTestId('pane-footer').getByRole('button', { name: 'Publish', exact: true }), 'Publish in the first tab')
    await until('the story published', async () => (await lakeQuery<string>(editors[0], `*[_id == "${STORY_ID}"][0].headline`)) === headline)
    await waitForFooter(first.page, { publishEnabled: false, status: /published/i }, 'first tab after its publish')
    await waitForFooter(second.page, { publishEnabled: false, status: /published/i }, 'second tab after the first tab’s publish')
    await shots.take(first.page, 'first-after-publish')
    await shots.take(second.page, 'second-after-publish')

    // The second editor types right after the publish: the first sees it at once, not after 30 s.
    const typed = `${headline.slice(0, 100)} typed`
    await headlineInput(second.page).fill(typed)
    await until('the first tab showing the second editor’s typing', async () => (await headlineInput(first.page).inputValue()) === typed, LIVE_MS)
    await waitForFooter(first.page, { publishEnabled: true }, 'first tab after the second editor’s edit')
    await shots.take(first.page, 'first-sees-typing')

    // Unpublish from the first tab: Studio offers it on the published version (its chip in the
    // header), as the footer's main action, with a confirmation dialog.
    await clickVisible(first.page, first.page.getByTestId('document-header-Published-chip'), 'the Published chip in the first tab')
    await clickVisible(first.page, first.page.getByTestId('pane-footer').getByRole('button', { name: 'Unpublish', exact: true }), 'Unpublish in the footer')
    await shots.take(first.page, 'unpublish-dialog')
    const dialog = first.page.getByRole('dialog')
    await clickVisible(first.page, dialog.getByRole('button', { name: /^Unpublish/ }), 'Unpublish in the dialog')
    await until('the story unpublished', async () => (await lakeQuery<string | null>(editors[0], `*[_id == "${STORY_ID}"][0]._id`)) === null)
    await clickVisible(first.page, first.page.getByTestId('document-header-Draft-chip'), 'the Draft chip in the first tab')
    for (const [tab, who] of [[first, 'first'], [second, 'second']] as const) {
      await waitForFooter(tab.page, { publishEnabled: true }, `${who} tab after the unpublish`)
    }
    await shots.take(second.page, 'second-after-unpublish')
    await shots.take(first.page, 'first-after-unpublish')

    // The second tab publishes again: no stale state, no 409.
    await clickVisible(second.page, second.page.getByTestId('pane-footer').getByRole('button', { name: 'Publish', exact: true }), 'Publish in the second tab')
    await until('the story published again', async () => (await lakeQuery<string>(editors[0], `*[_id == "${STORY_ID}"][0].headline`)) === typed)
    for (const [tab, who] of [[first, 'first'], [second, 'second']] as const) {
      await waitForFooter(tab.page, { publishEnabled: false, status: /published/i }, `${who} tab after the second tab’s publish`)
    }
    await shots.take(first.page, 'first-after-second-publish')
    assert.equal(await lakeQuery<string | null>(editors[0], `*[_id == "drafts.${STORY_ID}"][0]._id`), null, 'no draft left behind')
    await assertNoStudioError(first.page, first.watch)
    await assertNoStudioError(second.page, second.watch)
  })
})
