import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { readSettings } from '../lib/sanity/settings'
import { baseUrl, launchBrowser } from './browser'
import {
  addEditorRecord as addEditor,
  lakeMutate,
  lakeQuery,
  removeEditor,
  signIn as signInAsEditor,
  STUDIO_ERROR_TEXT,
  uniquePng,
  until,
  userMenuButton,
  watchStudio,
} from './studio-support'
import { assertOnTop, screenshotSteps } from './visible'

/**
 * Editor sessions the way hosted Sanity's cookie login works (issue 17, rows 5, 7, 8): an editor
 * signs in on the lake's own sign-in page through the visible form, uploads an image into a draft
 * and sees it (the image request carries the HttpOnly session cookie; anonymous readers get 404),
 * signs out through the visible user menu, and a removed editor lands back on the sign-in page with
 * a plain message. A reader page's script finds no credential in cookies or storage. Every step is
 * saved as a screenshot under test-results/studio-session/.
 */

const shots = screenshotSteps('studio-session')
const shot = (page: Page, name: string) => shots.take(page, name)
const lakeSettings = () => readSettings().lake
const SESSION_ENDED = /Your session has ended/

async function signIn(context: BrowserContext, token: string, studioPath: string, name: string): Promise<Page> {
  const { page } = await signInAsEditor(context, token, studioPath, { take: (p, step) => shot(p, `${name}-${step}`) })
  return page
}

async function assertNoStudioError(page: Page) {
  assert.equal(await page.getByText(STUDIO_ERROR_TEXT).count(), 0, 'no Studio error screen')
}

describe('Studio editor sessions (HttpOnly cookie on the lake)', () => {
  let browser: Browser
  let editor: { token: string; id: string }
  const storyId = `session-test-${Date.now().toString(36)}`
  before(async () => {
    browser = await launchBrowser()
    editor = addEditor('Session Browser Editor')
    await lakeMutate(editor.token, [
      { createOrReplace: { _id: `drafts.${storyId}`, _type: 'article', headline: 'Session test: a draft-only story', slug: { _type: 'slug', current: storyId } } },
    ])
  })
  after(async () => {
    await lakeMutate(editor.token, [{ delete: { id: `drafts.${storyId}` } }])
    removeEditor(editor.id)
    await browser?.close()
  })

  it('signs in on the visible form, sees a draft-only image it uploaded, and signs out through the user menu', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } })
    // What the earlier token sign-in left behind: the token in the site origin's localStorage.
    const earlier = await context.newPage()
    await earlier.goto(`${baseUrl()}/`)
    await earlier.evaluate((token) => localStorage.setItem('__studio_auth_token_local', JSON.stringify({ token })), editor.token)
    await earlier.close()
    const page = await signIn(context, editor.token, `/studio/intent/edit/id=${storyId};type=article`, 'editor')
    const watch = watchStudio(page)
    // The lead figure's fieldset (the innermost one holding its alt-text field).
    const figure = page.locator('fieldset').filter({ has: page.getByTestId('field-leadFigure.alt') }).last()
    await figure.waitFor({ timeout: 60_000 })
    await figure.scrollIntoViewIfNeeded()
    await shot(page, 'editor-story-open')

    const image = await uniquePng()
    const upload = figure.locator('[data-testid^="file-input-upload-button"]').first()
    await upload.scrollIntoViewIfNeeded()
    await assertOnTop(page, upload, 'the Upload button')
    const chooser = page.waitForEvent('filechooser')
    await upload.click()
    await (await chooser).setFiles({ name: 'lead.png', mimeType: 'image/png', buffer: image.bytes })
    const ref = await until('the uploaded image on the draft', () =>
      lakeQuery<string | null>(editor.token, `*[_id == "drafts.${storyId}"][0].leadFigure.asset._ref`).then((r) => r?.startsWith(`image-${image.sha1}-`) && r),
    )
    // The form preview shows the image: loaded, with real pixels (the <img> request carried the cookie).
    const preview = figure.locator(`img[src*="${image.sha1}"]`).first()
    await preview.waitFor({ timeout: 30_000 })
    await until('the preview image loaded', () => preview.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
    await preview.scrollIntoViewIfNeeded()
    await shot(page, 'editor-draft-image-visible')
    assert.equal(await figure.getByText(/Could not load image/).count(), 0)
    // The crop dialog loads the draft-only image too (it said "Could not load image" before).
    const crop = figure.getByTestId('options-menu-edit-details')
    await assertOnTop(page, crop, 'the crop button')
    await crop.click()
    const heading = page.getByText('Edit hotspot and crop', { exact: true })
    await heading.waitFor({ timeout: 30_000 })
    // The dialog's images (its crop area and previews) all load: none is broken.
    const hotspotImages = page.getByTestId('hotspot-image-input')
    await until('the crop dialog images loaded', () =>
      hotspotImages.evaluateAll((imgs) => imgs.length > 0 && imgs.every((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0)),
    )
    assert.equal(await page.getByText(/Could not load image/).count(), 0, 'the crop dialog shows the image')
    await shot(page, 'editor-crop-dialog')
    const close = page.getByRole('button', { name: /close/i }).filter({ visible: true }).last()
    await assertOnTop(page, close, "the crop dialog's close button")
    await close.click()
    await heading.waitFor({ state: 'detached', timeout: 10_000 })
    const src = await preview.getAttribute('src')
    assert.ok(src, 'the preview has a src')
    const anonymous = await fetch(new URL(src, page.url()))
    assert.equal(anonymous.status, 404, `anonymous readers get 404 for the draft-only image ${ref}`)
    assert.deepEqual(watch.httpErrors.filter((line) => line.includes(image.sha1)), [], 'no failed image request in the Studio')

    // A reader page on the Studio's origin: its scripts find no credential anywhere they can look.
    const sessionCookie = (await context.cookies()).find((cookie) => cookie.name === 'lake_session')
    assert.ok(sessionCookie, 'the browser holds the session cookie')
    assert.equal(sessionCookie.httpOnly, true)
    const reader = await context.newPage()
    await reader.goto(`${baseUrl()}/`)
    const readable = await reader.evaluate(() => ({
      cookie: document.cookie,
      local: Object.entries(localStorage).map(([k, v]) => `${k}=${v}`).join('\n'),
      session: Object.entries(sessionStorage).map(([k, v]) => `${k}=${v}`).join('\n'),
    }))
    await shot(reader, 'reader-page')
    for (const [where, text] of Object.entries(readable)) {
      assert.ok(!text.includes(sessionCookie.value), `the session is not readable from ${where}`)
      assert.ok(!text.includes(editor.token), `the editor token is not readable from ${where}`)
      assert.ok(!/lake_session|__studio_auth_token/.test(text), `no credential key in ${where}`)
    }
    await reader.close()

    // Sign out through the visible user menu.
    const menuButton = userMenuButton(page)
    await assertOnTop(page, menuButton, 'the user menu button')
    await menuButton.click()
    const signOut = page.getByRole('menuitem', { name: /sign out/i })
    await assertOnTop(page, signOut, 'Sign out in the user menu')
    await shot(page, 'editor-user-menu-open')
    await signOut.click()
    // Studio's signed-out screen (its one provider, the lake's sign-in page) or that page itself.
    await page
      .getByRole('link', { name: /Sign in with your editor token/ })
      .or(page.getByLabel('Editor token'))
      .first()
      .waitFor({ timeout: 30_000 })
    await shot(page, 'editor-signed-out')
    await assertNoStudioError(page)
    assert.equal((await context.cookies()).some((cookie) => cookie.name === 'lake_session'), false, 'the cookie is cleared')
    const afterLogout = await fetch(`${lakeSettings().url}/v2025-02-19/users/me`, { headers: { cookie: `lake_session=${sessionCookie.value}` } })
    assert.equal(afterLogout.status, 401, 'the session is destroyed on the lake')
    await context.close()
  })

  it('sends a removed editor back to the sign-in page with a plain message', async () => {
    const leaving = addEditor('Session Leaving Editor')
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } })
    const page = await signIn(context, leaving.token, `/studio/intent/edit/id=${storyId};type=article`, 'leaving')
    const headline = page.locator('[data-testid="field-headline"]').locator('input, textarea').first()
    await headline.waitFor({ timeout: 60_000 })
    await shot(page, 'leaving-signed-in')
    removeEditor(leaving.id)
    // The next keystroke is refused by the lake: Studio goes to the sign-in page, not its crash screen.
    await headline.click()
    await page.keyboard.type(' x')
    await page.getByText(SESSION_ENDED).waitFor({ timeout: 30_000 })
    await shot(page, 'leaving-after-keystroke')
    assert.equal(new URL(page.url()).port, new URL(lakeSettings().url).port, 'on the lake sign-in page')
    await assertOnTop(page, page.getByLabel('Editor token'), 'the token field, ready for a new token')
    // Reloading the Studio afterwards: still the sign-in page, never "No login providers available".
    await page.goto(`${baseUrl()}/studio`, { waitUntil: 'commit' })
    await page.getByLabel('Editor token').waitFor({ timeout: 60_000 })
    await shot(page, 'leaving-reload')
    await assertNoStudioError(page)
    await context.close()
  })
})
