import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { readSettings } from '../lib/sanity/settings'
import { launchBrowser } from './browser'
import { addEditor, assertNoStudioError, documentPath, headlineInput, lakeQuery, restoreStory, signIn, until } from './studio-support'
import { assertOnTop, clickVisible, screenshotSteps } from './visible'

/**
 * History as an editor uses it: the story's timeline (from the lake's transaction log) shows its
 * publish and its edits, "Review changes" compares two revisions through its visible From/To menus,
 * and an old revision is restored through "Revert to revision" and its confirmation. Screenshots in
 * test-results/studio-history/.
 */

const shots = screenshotSteps('studio-history')
const STORY_ID = 'article-kremlin-turkish-planes-warning'

async function act(token: string, actions: unknown[]) {
  const response = await fetch(`${readSettings().lake.url}/v2025-02-19/data/actions/production`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ actions }),
  })
  assert.equal(response.status, 200, await response.text())
}

const edit = (headline: string) => ({
  actionType: 'sanity.action.document.edit',
  draftId: `drafts.${STORY_ID}`,
  publishedId: STORY_ID,
  patch: { set: { headline } },
})
const publish = { actionType: 'sanity.action.document.publish', draftId: `drafts.${STORY_ID}`, publishedId: STORY_ID }

/** The document pane's side panel with its History and Review changes tabs, opened from the footer. */
async function openHistory(page: Page) {
  const status = page.getByTestId('pane-footer').getByRole('button').first()
  await clickVisible(page, status, 'the footer’s last-edited status (opens history)')
  await clickVisible(page, page.getByRole('tab', { name: 'History' }), 'the History tab')
}

describe('document history in the Studio', () => {
  let browser: Browser
  let editor: string
  let seeded: Record<string, unknown>
  before(async () => {
    browser = await launchBrowser()
    editor = addEditor('History Test Editor')
    seeded = await lakeQuery<Record<string, unknown>>(editor, `*[_id == "${STORY_ID}"][0]`)
  })
  after(async () => {
    await browser?.close()
    if (seeded) await restoreStory(editor, seeded)
  })

  it('shows publish and edit events, compares revisions, and restores an old one', async () => {
    const original = seeded.headline as string
    const publishedHeadline = `${original} (history ${Date.now().toString(36)})`.slice(0, 110)
    // An editor's day, through the Actions API as Studio sends it: edit, publish, edit again.
    await act(editor, [edit(publishedHeadline)])
    await act(editor, [publish])
    await act(editor, [edit(`${publishedHeadline} later`)])

    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } })
    const { page, watch } = await signIn(context, editor, documentPath(STORY_ID, 'article'))
    await headlineInput(page).waitFor({ timeout: 60_000 })
    await openHistory(page)
    const items = page.getByTestId('timeline-item-button')
    await assertOnTop(page, items.first(), 'the newest history entry')
    const labels = (await items.allTextContents()).join(' | ')
    assert.match(labels, /Edited|Draft created/, `the timeline shows the draft's edits: ${labels}`)
    assert.match(labels, /Published/, `the timeline shows the publish: ${labels}`)
    await shots.take(page, 'history-timeline')

    // Review changes: the From/To menus open where a person can use them.
    await clickVisible(page, page.getByRole('tab', { name: 'Review changes' }), 'the Review changes tab')
    await clickVisible(page, page.getByTestId('timeline-menu-open-button').first(), 'the From menu')
    await assertOnTop(page, page.getByTestId('timeline-item-button').first(), 'an entry in the From menu')
    await shots.take(page, 'review-changes-from-menu')
    await page.keyboard.press('Escape')

    // Restore the published revision: the draft gets its headline back.
    await clickVisible(page, page.getByRole('tab', { name: 'History' }), 'the History tab')
    await clickVisible(page, page.getByTestId('timeline-item-button').filter({ hasText: /Published/ }).first(), 'the published revision in the timeline')
    await shots.take(page, 'published-revision-selected')
    await clickVisible(page, page.getByRole('button', { name: /Revert to revision/ }), 'Revert to revision')
    await shots.take(page, 'revert-confirmation')
    await clickVisible(page, page.getByTestId('confirm-popover-confirm-button').or(page.getByRole('dialog').getByRole('button', { name: /Restore|Revert|Yes/ })).first(), 'the confirmation')
    await until('the draft back at the published revision', async () => (await lakeQuery<string>(editor, `*[_id == "drafts.${STORY_ID}"][0].headline`)) === publishedHeadline)
    await until('the form showing the restored headline', async () => (await headlineInput(page).inputValue()) === publishedHeadline, 10_000)
    await shots.take(page, 'restored')
    await assertNoStudioError(page, watch)
    await context.close()
  })
})
