import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launchBrowser } from './browser'
import { addEditor, assertNoStudioError, documentPath, headlineInput, lakeQuery, restoreStory, signIn, until, type Watch } from './studio-support'
import { assertOnTop, clickVisible, screenshotSteps } from './visible'

/**
 * Publish state stays live in every open tab: one editor publishes and unpublishes while a second
 * editor has the same story open, and both see what a person needs to see within seconds (the
 * footer's Publish button, the other's typing) — no stale "Publish" that answers 409 when pressed.
 * Every button pressed is checked visible and on top; screenshots in test-results/studio-publish/.
 */

const shots = screenshotSteps('studio-publish')
const STORY_ID = 'article-putin-tass-no-plan-for-war'
const LIVE_MS = 5_000

/** The footer's main action as a person sees it: its label and whether it can be pressed. */
async function publishButtonState(page: Page): Promise<{ label: string; enabled: boolean }> {
  const button = page.getByTestId('pane-footer').getByRole('button', { name: /^Publish/ }).filter({ visible: true }).last()
  return { label: ((await button.textContent()) ?? '').trim(), enabled: await button.isEnabled() }
}

async function waitForPublishButton(page: Page, expected: { label: string; enabled: boolean }, who: string) {
  await until(`${who}: the footer button "${expected.label}" ${expected.enabled ? 'enabled' : 'disabled'}`, async () => {
    const state = await publishButtonState(page)
    return state.label === expected.label && state.enabled === expected.enabled
  }, LIVE_MS)
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
    await waitForPublishButton(first.page, { label: 'Publish', enabled: true }, 'first tab after editing')
    await shots.take(first.page, 'first-edited')
    await clickVisible(first.page, first.page.getByTestId('pane-footer').getByRole('button', { name: 'Publish', exact: true }), 'Publish in the first tab')
    await until('the story published', async () => (await lakeQuery<string>(editors[0], `*[_id == "${STORY_ID}"][0].headline`)) === headline)
    await waitForPublishButton(first.page, { label: 'Published', enabled: false }, 'first tab after its publish')
    await waitForPublishButton(second.page, { label: 'Published', enabled: false }, 'second tab after the first tab’s publish')
    await shots.take(first.page, 'first-after-publish')
    await shots.take(second.page, 'second-after-publish')

    // The second editor types right after the publish: the first sees it at once, not after 30 s.
    const typed = `${headline.slice(0, 100)} typed`
    await headlineInput(second.page).fill(typed)
    await until('the first tab showing the second editor’s typing', async () => (await headlineInput(first.page).inputValue()) === typed, LIVE_MS)
    await waitForPublishButton(first.page, { label: 'Publish', enabled: true }, 'first tab after the second editor’s edit')
    await shots.take(first.page, 'first-sees-typing')

    // Unpublish from the first tab, through the ⋯ menu and its confirmation dialog.
    await clickVisible(first.page, first.page.getByTestId('action-menu-button'), 'the ⋯ menu in the first tab')
    await clickVisible(first.page, first.page.getByRole('menuitem', { name: /^Unpublish/ }), 'Unpublish in the ⋯ menu')
    await shots.take(first.page, 'unpublish-dialog')
    const dialog = first.page.getByRole('dialog')
    await assertOnTop(first.page, dialog.getByRole('button', { name: /^Unpublish/ }), 'Unpublish in the dialog')
    await dialog.getByRole('button', { name: /^Unpublish/ }).click()
    await until('the story unpublished', async () => (await lakeQuery<string | null>(editors[0], `*[_id == "${STORY_ID}"][0]._id`)) === null)
    for (const [tab, who] of [[first, 'first'], [second, 'second']] as const) {
      await waitForPublishButton(tab.page, { label: 'Publish', enabled: true }, `${who} tab after the unpublish`)
    }
    await shots.take(second.page, 'second-after-unpublish')

    // The second tab publishes again: no stale state, no 409.
    await clickVisible(second.page, second.page.getByTestId('pane-footer').getByRole('button', { name: 'Publish', exact: true }), 'Publish in the second tab')
    await until('the story published again', async () => (await lakeQuery<string>(editors[0], `*[_id == "${STORY_ID}"][0].headline`)) === typed)
    for (const [tab, who] of [[first, 'first'], [second, 'second']] as const) {
      await waitForPublishButton(tab.page, { label: 'Published', enabled: false }, `${who} tab after the second tab’s publish`)
    }
    await shots.take(first.page, 'first-after-second-publish')
    assert.equal(await lakeQuery<string | null>(editors[0], `*[_id == "drafts.${STORY_ID}"][0]._id`), null, 'no draft left behind')
    await assertNoStudioError(first.page, first.watch)
    await assertNoStudioError(second.page, second.watch)
  })
})
