import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser } from './browser'
import { addEditor, assertNoStudioError, documentPath, headlineInput, lakeQuery, signIn, until, type Watch } from './studio-support'
import { assertOnTop, clickVisible, screenshotSteps } from './visible'

/**
 * The Studio's menus and dialogs as an editor meets them: every item the test clicks must be visible
 * and on top at its centre (Sanity UI portals popovers to <body>, so anything of the site's left
 * over them would hide them), every step is saved as a screenshot (test-results/studio-menus/), and
 * any error screen, console error, lake answer >= 400 or request off the machine fails the step.
 */

const shots = screenshotSteps('studio-menus')
const VIEWPORT = { width: 1400, height: 900 }

/** The document's ⋯ menu (beside Publish), opened as a person would. */
async function openDocumentMenu(page: Page) {
  await clickVisible(page, page.getByTestId('action-menu-button'), 'the document ⋯ menu button')
}

/** A confirmation dialog's button, checked visible and on top, then pressed. */
async function confirm(page: Page, name: RegExp, what: string) {
  const dialog = page.getByRole('dialog')
  await clickVisible(page, dialog.getByRole('button', { name }), what)
}

describe('Studio menus and dialogs, as an editor sees them', () => {
  let browser: Browser
  let editor: string
  before(async () => {
    browser = await launchBrowser()
    editor = addEditor('Menu Test Editor')
  })
  after(async () => {
    await browser?.close()
  })

  async function openStudio(path: string): Promise<{ page: Page; watch: Watch; close: () => Promise<void> }> {
    const context = await browser.newContext({ viewport: VIEWPORT })
    const { page, watch } = await signIn(context, editor, path)
    return { page, watch, close: () => context.close() }
  }

  it('duplicates a story through the ⋯ menu, then deletes the copy through the same menu', async () => {
    const story = await lakeQuery<{ _id: string; headline: string }>(editor, `*[_type == "article" && !(_id in path("drafts.**"))] | order(publishedAt asc)[0]{_id, headline}`)
    const storyId = story._id
    const { page, watch, close } = await openStudio(documentPath(storyId, 'article'))
    await headlineInput(page).waitFor({ timeout: 60_000 })
    await shots.take(page, 'story-open')
    await openDocumentMenu(page)
    await assertOnTop(page, page.getByRole('menuitem', { name: /^Delete/ }), 'Delete in the ⋯ menu')
    await shots.take(page, 'document-menu-open')
    const sameHeadline = `*[_id in path("drafts.**") && _id != "drafts.${storyId}" && headline == ${JSON.stringify(story.headline)}]._id`
    const earlierCopies = await lakeQuery<string[]>(editor, sameHeadline)
    await clickVisible(page, page.getByRole('menuitem', { name: /^Duplicate/ }), 'Duplicate in the ⋯ menu')
    // Studio saves the copy as a new draft with the same headline, and opens it (its id in the address).
    const copyDraftId = await until('the copy saved as a draft', async () => (await lakeQuery<string[]>(editor, sameHeadline)).find((id) => !earlierCopies.includes(id)))
    const copyId = copyDraftId.replace(/^drafts\./, '')
    await until('the copy to open', async () => decodeURIComponent(page.url()).includes(copyId), 15_000)
    await shots.take(page, 'copy-open')

    await openDocumentMenu(page)
    await clickVisible(page, page.getByRole('menuitem', { name: /^Delete/ }), 'Delete in the copy’s ⋯ menu')
    await shots.take(page, 'delete-dialog')
    await confirm(page, /^Delete (now|all versions)?/, 'Delete now in the confirmation dialog')
    await page.waitForTimeout(1500)
    await shots.take(page, 'delete-confirmed')
    await until('the copy gone from the lake', async () => (await lakeQuery<number>(editor, `count(*[_id in ["${copyId}", "drafts.${copyId}"]])`)) === 0)
    await shots.take(page, 'copy-deleted')
    assert.ok(await lakeQuery<string>(editor, `*[_id == "${storyId}"][0]._id`), 'the original story is untouched')
    await assertNoStudioError(page, watch)
    await close()
  })

  it('discards a draft through the ⋯ menu: the published story stays as it was', async () => {
    const story = await lakeQuery<{ _id: string; kicker: string }>(editor, `*[_type == "article" && !(_id in path("drafts.**"))] | order(publishedAt asc)[1]{_id, kicker}`)
    const { page, watch, close } = await openStudio(documentPath(story._id, 'article'))
    const kicker = page.locator('[data-testid="field-kicker"] input')
    await kicker.waitFor({ timeout: 60_000 })
    await kicker.fill(`${story.kicker} draft`)
    await until('the draft in the lake', () => lakeQuery<string | null>(editor, `*[_id == "drafts.${story._id}"][0]._id`))
    await shots.take(page, 'draft-edited')
    await openDocumentMenu(page)
    await clickVisible(page, page.getByRole('menuitem', { name: /^Discard changes/ }), 'Discard changes in the ⋯ menu')
    await shots.take(page, 'discard-dialog')
    await confirm(page, /^Discard/, 'Discard now in the confirmation dialog')
    await until('the draft gone', async () => (await lakeQuery<string | null>(editor, `*[_id == "drafts.${story._id}"][0]._id`)) === null)
    await until('the form back to the published kicker', async () => (await kicker.inputValue()) === story.kicker, 10_000)
    await shots.take(page, 'draft-discarded')
    await assertNoStudioError(page, watch)
    await close()
  })

  it('finds a story with global search and opens it', async () => {
    const { page, watch, close } = await openStudio('/studio')
    await clickVisible(page, page.getByTestId('studio-search'), 'the search button')
    const input = page.getByPlaceholder(/Search/).last()
    await assertOnTop(page, input, 'the search field')
    await input.fill('Sochi')
    const result = page.getByTestId('search-results').getByText(/Agreed In Sochi/).first()
    await assertOnTop(page, result, 'the search result')
    await shots.take(page, 'search-results')
    await result.click()
    await until('the story to open', async () => ((await headlineInput(page).inputValue().catch(() => '')) || '').includes('Sochi'), 30_000)
    await shots.take(page, 'search-result-opened')
    await assertNoStudioError(page, watch)
    await close()
  })

  it('creates a story from the global + menu, with "Published at" already filled in', async () => {
    const { page, watch, close } = await openStudio('/studio')
    await clickVisible(page, page.getByTestId('new-document-button'), 'the global + button')
    const storyOption = page.getByRole('button', { name: /^Article/ }).or(page.getByRole('menuitem', { name: /^Article/ })).or(page.getByRole('link', { name: /^Article/ })).first()
    await assertOnTop(page, storyOption, 'Article in the create menu')
    await shots.take(page, 'create-menu')
    await storyOption.click()
    const headline = headlineInput(page)
    await headline.waitFor({ timeout: 30_000 })
    const title = `Created in a test ${Date.now().toString(36)}`
    await headline.fill(title)
    const created = await until('the new story saved as a draft', () => lakeQuery<{ _id: string; publishedAt: string | null } | null>(editor, `*[_id in path("drafts.**") && headline == "${title}"][0]{_id, publishedAt}`))
    assert.ok(created.publishedAt && Math.abs(Date.parse(created.publishedAt) - Date.now()) < 10 * 60_000, `publishedAt starts as now (${created.publishedAt})`)
    await shots.take(page, 'story-created')
    await assertNoStudioError(page, watch)
    await close()
    // Leave the lake as other suites expect it.
    await fetch(`${process.env.LAKE_URL}/v2025-02-19/data/mutate/production`, {
      method: 'POST',
      headers: { authorization: `Bearer ${editor}`, 'content-type': 'application/json' },
      body: JSON.stringify({ mutations: [{ delete: { id: created._id } }] }),
    })
  })

  it('opens Help and resources and the Drafts/Published switcher without an error (the user menu and Sign out: studio-session)', async () => {
    const { page, watch, close } = await openStudio('/studio')
    await clickVisible(page, page.getByTestId('button-resources-menu'), 'the Help and resources button')
    await page.waitForTimeout(1000)
    await shots.take(page, 'help-menu')
    await assertOnTop(page, page.getByRole('menuitem').first(), 'the first item of the Help and resources menu')
    await page.keyboard.press('Escape')
    await clickVisible(page, page.getByTestId('global-perspective-menu-button'), 'the Drafts/Published switcher')
    await assertOnTop(page, page.getByRole('menuitem', { name: /Published/ }).first(), 'Published in the perspective menu')
    await shots.take(page, 'perspective-menu')
    await page.keyboard.press('Escape')
    await assertNoStudioError(page, watch)
    await close()
  })
})
