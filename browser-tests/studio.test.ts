import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Browser } from 'playwright-core'
import { baseUrl, launchBrowser } from './browser'
import {
  addEditor,
  assertNoStudioError,
  documentPath,
  headlineInput,
  lakeQuery,
  PUBLISHED_MARKER,
  publicPage,
  restoreStory,
  signIn,
  STORY_PATH,
  STORY_SLUG,
  uniquePng,
  until,
  watchStudio,
} from './studio-support'

/**
 * The real Sanity Studio at /studio, offline against the embedded lake: sign in with an editor
 * token, edit the story's headline (saved as a draft, readers still see the published one),
 * publish (readers see it within seconds, through the lake's publish webhook), upload a lead
 * image, watch one editor's edit arrive live in another editor's browser, keep three documents
 * open at once (more listen streams than one host name allows over HTTP/1.1), and preview the
 * story's draft in the Presentation tool. Any Studio error screen, console error or request to a
 * host other than the site and the lake (`*.localhost`) fails the test.
 */

describe('Sanity Studio at /studio on the embedded lake', () => {
  let browser: Browser
  let firstEditor: string
  let secondEditor: string
  let storyId: string
  let seededStory: Record<string, unknown> | undefined
  before(async () => {
    browser = await launchBrowser()
    firstEditor = addEditor('Browser Test Editor')
    secondEditor = addEditor('Second Test Editor')
    storyId = await lakeQuery<string>(firstEditor, `*[_type == "article" && slug.current == "${STORY_SLUG}" && !(_id in path("drafts.**"))][0]._id`)
    assert.ok(storyId, 'the seeded story exists')
    seededStory = await lakeQuery<Record<string, unknown>>(firstEditor, `*[_id == "${storyId}"][0]`)
  })
  after(async () => {
    await browser?.close()
    if (!seededStory) return
    await restoreStory(firstEditor, seededStory)
    // Pages are cached on disk with the build: wait until the publish webhook's revalidation has put
    // the seeded headline back, so no later run (or suite) of this build sees this test's edits.
    for (const path of ['/', STORY_PATH]) {
      await until(`${path} back to the seeded story`, async () => !(await publicPage(path)).includes(PUBLISHED_MARKER), 30_000)
    }
  })

  it('edits the headline as a draft, publishes it to readers, and uploads a lead image', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } })
    const { page, watch } = await signIn(context, firstEditor, documentPath(storyId, 'article'))
    const publishedHeadline = await lakeQuery<string>(firstEditor, `*[_id == "${storyId}"][0].headline`)
    const marker = `${PUBLISHED_MARKER.slice(1)}${Date.now().toString(36)}`
    const draftHeadline = `${publishedHeadline} (${marker})`

    const input = headlineInput(page)
    await input.waitFor({ timeout: 60_000 })
    await input.fill(draftHeadline)
    await until('the draft in the lake', () => lakeQuery<string | null>(firstEditor, `*[_id == "drafts.${storyId}"][0].headline`).then((h) => h === draftHeadline))
    assert.equal(await lakeQuery<string>(firstEditor, `*[_id == "${storyId}"][0].headline`), publishedHeadline, 'the published document is unchanged')
    assert.ok(!(await publicPage(STORY_PATH)).includes(marker), 'readers still see the published headline')

    await page.getByRole('button', { name: 'Publish', exact: true }).click()
    await until('the published headline, with the draft gone', async () => {
      const state = await lakeQuery<{ published: string; draft: string | null }>(
        firstEditor,
        `{"published": *[_id == "${storyId}"][0].headline, "draft": *[_id == "drafts.${storyId}"][0]._id}`,
      )
      return state.published === draftHeadline && state.draft === null
    })
    // The lake's signed publish webhook revalidates the page: readers see the new headline at once.
    await until('the public page showing the new headline', async () => (await publicPage(STORY_PATH)).includes(marker), 15_000)

    const image = await uniquePng()
    // The story has a lead image already: replace it through the image's options menu → Upload.
    const leadImage = page.locator('[data-testid="image-input"]').filter({ has: page.locator('[id="leadFigure.alt"]') })
    await leadImage.locator('[data-testid="options-menu-button"]').click()
    const chooser = page.waitForEvent('filechooser')
    await page.getByTestId('file-input-upload-button').click()
    await (await chooser).setFiles({ name: 'lead.png', mimeType: 'image/png', buffer: image.bytes })
    await until('the uploaded image in the lead figure', () =>
      lakeQuery<string | null>(firstEditor, `*[_id == "drafts.${storyId}"][0].leadFigure.asset._ref`).then((ref) => ref?.startsWith(`image-${image.sha1}-`)),
    )
    await leadImage.locator(`img[src*="${image.sha1}"]`).first().waitFor({ timeout: 30_000 })

    await assertNoStudioError(page, watch)
    await context.close()
  })

  it("shows one editor's edit live in another editor's browser", async () => {
    const [firstContext, secondContext] = [await browser.newContext(), await browser.newContext()]
    const first = await signIn(firstContext, firstEditor, documentPath(storyId, 'article'))
    const second = await signIn(secondContext, secondEditor, documentPath(storyId, 'article'))
    for (const { page } of [first, second]) await headlineInput(page).waitFor({ timeout: 60_000 })
    const liveHeadline = `Live ${Date.now().toString(36)}: ${await headlineInput(first.page).inputValue()}`.slice(0, 100)
    await headlineInput(first.page).fill(liveHeadline)
    await second.page.waitForFunction(
      (expected) => {
        const field = document.querySelector('[data-testid="field-headline"] input, [data-testid="field-headline"] textarea') as HTMLInputElement | null
        return field?.value === expected
      },
      liveHeadline,
      { timeout: 30_000 },
    )
    await assertNoStudioError(first.page, first.watch)
    await assertNoStudioError(second.page, second.watch)
    await firstContext.close()
    await secondContext.close()
  })

  it("previews the story's draft beside its form in the Presentation tool", async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } })
    // Back to the seeded story first: a draft-only image (uploaded above) is not served to the
    // preview yet (see the report on /media/images), and this test is about text edits.
    if (seededStory) await restoreStory(firstEditor, seededStory)
    const { page, watch } = await signIn(context, firstEditor, `/studio/presentation/article/${storyId}?preview=${encodeURIComponent(STORY_PATH)}`)
    // The site, in draft mode (entered through /api/draft-mode/enable with Presentation's secret).
    const preview = page.frameLocator('iframe').first()
    await preview.getByText('Preview — draft content').waitFor({ timeout: 60_000 })
    const input = headlineInput(page)
    await input.waitFor({ timeout: 60_000 })
    const marker = `preview ${Date.now().toString(36)}`
    await input.fill(`${(await input.inputValue()).slice(0, 80)} (${marker})`)
    await preview.locator('h1', { hasText: marker }).waitFor({ timeout: 30_000 })
    assert.ok(!(await publicPage(STORY_PATH)).includes(marker), 'readers do not see the draft')
    await assertNoStudioError(page, watch)
    await context.close()
  })

  it('keeps the story, an agency and the breaking-news item open at once in one browser', async () => {
    const context = await browser.newContext()
    const docs = await lakeQuery<{ _id: string; _type: string }[]>(
      firstEditor,
      `[*[_id == "${storyId}"][0], *[_type == "agency" && !(_id in path("drafts.**"))][0], *[_type == "breakingNews" && !(_id in path("drafts.**"))][0]]{_id, _type}`,
    )
    assert.equal(docs.length, 3)
    // The first tab signs in (the token is kept in the browser profile); the others just open.
    const { page, watch } = await signIn(context, firstEditor, documentPath(docs[0]._id, docs[0]._type))
    const pages = [page, await context.newPage(), await context.newPage()]
    const watches = [watch, watchStudio(pages[1]), watchStudio(pages[2])]
    for (const index of [1, 2]) await pages[index].goto(`${baseUrl()}${documentPath(docs[index]._id, docs[index]._type)}`)
    for (const current of pages) {
      // Every document's form shows its fields; none is left on "Loading document…".
      await current.locator('[data-testid="document-panel-scroller"] [data-testid^="field-"]').first().waitFor({ timeout: 60_000 })
      await current.getByText('Loading document').waitFor({ state: 'detached', timeout: 30_000 })
    }
    for (const [index, current] of pages.entries()) await assertNoStudioError(current, watches[index])
    await context.close()
  })
})
