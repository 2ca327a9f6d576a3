import assert from 'node:assert/strict'
import { createHash, randomInt } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import sharp from 'sharp'
import { runEditorCommand } from '../lib/lake/studio/editor-cli'
import { readSettings } from '../lib/sanity/settings'
import { baseUrl, launchBrowser, watchPage } from './browser'

/**
 * The real Sanity Studio at /studio, offline against the embedded lake: sign in with an editor
 * token, edit the story's headline (saved as a draft, readers still see the published one),
 * publish (readers see it within seconds, through the lake's publish webhook), upload a lead
 * image, watch one editor's edit arrive live in another editor's browser, keep three documents
 * open at once (more listen streams than one host name allows over HTTP/1.1), and preview the
 * story's draft in the Presentation tool. Any Studio error screen, console error or request to a
 * host other than the site and the lake (`*.localhost`) fails the test.
 */

const STORY_SLUG = 'turkey-erdogan-putin-to-meet-in-moscow-this-week-for-syria-talks'
const STORY_PATH = `/articles/${STORY_SLUG}`
/** Every headline this suite publishes carries it; `after` waits until readers no longer see it. */
const PUBLISHED_MARKER = '(edited '
const lakeSettings = () => readSettings().lake

type Watch = ReturnType<typeof watchPage> & { httpErrors?: string[] }

function addEditor(name: string): string {
  const lines: string[] = []
  const code = runEditorCommand(['add', name], { dataDir: lakeSettings().dataDir, out: (line) => lines.push(line), err: () => undefined })
  assert.equal(code, 0)
  const token = lines.find((line) => /^\S{32,}$/.test(line.trim()))
  assert.ok(token, `editor add printed a token: ${lines.join(' | ')}`)
  return token.trim()
}

async function lakeQuery<T>(token: string, groq: string): Promise<T> {
  const url = `${lakeSettings().url}/v2025-02-19/data/query/production?perspective=raw&query=${encodeURIComponent(groq)}`
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } })
  assert.equal(response.status, 200)
  return ((await response.json()) as { result: T }).result
}

/** Puts the story back as seeded (published document, no draft), so other suites see the seed. */
async function restoreStory(token: string, original: Record<string, unknown>) {
  const { _rev: _ignoredRev, _updatedAt: _ignoredUpdatedAt, ...document } = original
  const response = await fetch(`${lakeSettings().url}/v2025-02-19/data/mutate/production`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ mutations: [{ createOrReplace: document }, { delete: { id: `drafts.${document._id as string}` } }] }),
  })
  assert.equal(response.status, 200, await response.text())
}

async function publicPage(path: string): Promise<string> {
  const response = await fetch(`${baseUrl()}${path}`)
  assert.equal(response.status, 200)
  return response.text()
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const started = Date.now()
  for (;;) {
    const value = await probe()
    if (value) return value
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

/** A small PNG no other test has uploaded (so its asset id is new). */
async function uniquePng(): Promise<{ bytes: Buffer; sha1: string }> {
  const background = { r: randomInt(256), g: randomInt(256), b: randomInt(256) }
  const bytes = await sharp({ create: { width: 320, height: 180, channels: 3, background } }).png().toBuffer()
  return { bytes, sha1: createHash('sha1').update(bytes).digest('hex') }
}

/** `watchPage`, plus every HTTP error response (the console names only the status, not the URL). */
function watchStudio(page: Page): Watch & { httpErrors: string[] } {
  const httpErrors: string[] = []
  page.on('response', (response) => {
    if (response.status() >= 400) httpErrors.push(`${response.status()} ${response.url()}`)
  })
  return { ...watchPage(page), httpErrors }
}

/**
 * Opens `path` (a Studio URL) and signs in on the form it shows; Studio then opens that URL. Signing
 * in where the editor is going avoids navigating away from a running Studio, whose unload can log
 * "WebSocket is already in CLOSING or CLOSED state" (its presence socket saying goodbye).
 */
async function signIn(context: BrowserContext, token: string, path = '/studio'): Promise<{ page: Page; watch: Watch }> {
  const page = await context.newPage()
  const watch = watchStudio(page)
  await page.goto(`${baseUrl()}${path}`)
  await page.getByLabel('Editor token').fill(token)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.locator('[data-testid="studio-navbar"], [data-ui="Navbar"]').or(page.getByRole('link', { name: 'Structure' })).first().waitFor({ timeout: 60_000 })
  assert.ok(!page.url().includes(token), 'the token does not stay in the address bar')
  return { page, watch }
}

const documentPath = (id: string, type: string) => `/studio/intent/edit/id=${id};type=${type}`

function headlineInput(page: Page) {
  return page.locator('[data-testid="field-headline"]').locator('input, textarea').first()
}

/** Only the site and the lake (its `*.localhost` names on the lake's port) are ever contacted. */
function assertOnlyLocalOrigins(watch: Watch) {
  const lakePort = new URL(lakeSettings().url).port
  const allowed = (origin: string) => {
    const url = new URL(origin)
    return origin === new URL(baseUrl()).origin || ((url.hostname === 'localhost' || url.hostname.endsWith('.localhost')) && url.port === lakePort)
  }
  assert.deepEqual([...watch.origins].filter((origin) => !allowed(origin)), [], 'requests left the machine or went to an unexpected host')
}

async function assertNoStudioError(page: Page, watch: Watch) {
  assert.equal(await page.getByText(/An error occurred|Something went wrong|Unhandled error|Error: /).count(), 0, 'Studio shows an error screen')
  assert.deepEqual(watch.consoleErrors, [], `console errors (HTTP errors: ${watch.httpErrors?.join(', ') || 'none'})`)
  assertOnlyLocalOrigins(watch)
}

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
