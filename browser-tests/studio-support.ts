/**
 * Helpers for the Studio browser tests: editors made with the content CLI, the lake read and written
 * over HTTP, sign-in through the visible form, and the checks every Studio step ends with (no
 * error screen, no console error, no lake answer >= 400, nothing off the machine).
 */
import assert from 'node:assert/strict'
import { createHash, randomInt } from 'node:crypto'
import type { BrowserContext, Page } from 'playwright-core'
import sharp from 'sharp'
import { runEditorCommand } from '../lib/lake/studio/editor-cli'
import { readSettings } from '../lib/sanity/settings'
import { baseUrl, watchPage } from './browser'
import { assertOnTop, clickVisible } from './visible'

export const STORY_SLUG = 'turkey-erdogan-putin-to-meet-in-moscow-this-week-for-syria-talks'
export const STORY_PATH = `/articles/${STORY_SLUG}`
/** Every headline this suite publishes carries it; `after` waits until readers no longer see it. */
export const PUBLISHED_MARKER = '(edited '
const lakeSettings = () => readSettings().lake

export type Watch = ReturnType<typeof watchPage> & { httpErrors?: string[] }

/** A new editor through the content CLI, as an administrator makes one: its token and id. */
export function addEditorRecord(name: string): { token: string; id: string } {
  const lines: string[] = []
  const errors: string[] = []
  const code = runEditorCommand(['add', name], { dataDir: lakeSettings().dataDir, out: (line) => lines.push(line), err: (line) => errors.push(line) })
  assert.equal(code, 0)
  const token = lines.find((line) => /^\S{32,}$/.test(line.trim()))
  const id = /\((e[\w]+)\)/.exec(errors.join(' '))?.[1]
  assert.ok(token && id, `editor add printed a token and named the editor's id: ${errors.join(' | ')}`)
  return { token: token.trim(), id }
}

/** Removes an editor through the content CLI: their token and sessions stop working at once. */
export function removeEditor(id: string) {
  assert.equal(runEditorCommand(['remove', id], { dataDir: lakeSettings().dataDir, out: () => undefined, err: () => undefined }), 0)
}

/** Applies mutations to the lake with a token (set-up and clean-up, not what the test checks). */
export async function lakeMutate(token: string, mutations: unknown[]) {
  const response = await fetch(`${lakeSettings().url}/v2025-02-19/data/mutate/production`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ mutations }),
  })
  assert.equal(response.status, 200, await response.text())
}

export function addEditor(name: string): string {
  const lines: string[] = []
  const code = runEditorCommand(['add', name], { dataDir: lakeSettings().dataDir, out: (line) => lines.push(line), err: () => undefined })
  assert.equal(code, 0)
  const token = lines.find((line) => /^\S{32,}$/.test(line.trim()))
  assert.ok(token, `editor add printed a token: ${lines.join(' | ')}`)
  return token.trim()
}

export async function lakeQuery<T>(token: string, groq: string): Promise<T> {
  const url = `${lakeSettings().url}/v2025-02-19/data/query/production?perspective=raw&query=${encodeURIComponent(groq)}`
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } })
  assert.equal(response.status, 200)
  return ((await response.json()) as { result: T }).result
}

/** Puts the story back as seeded (published document, no draft), so other suites see the seed. */
export async function restoreStory(token: string, original: Record<string, unknown>) {
  const { _rev: _ignoredRev, _updatedAt: _ignoredUpdatedAt, ...document } = original
  await lakeMutate(token, [{ createOrReplace: document }, { delete: { id: `drafts.${document._id as string}` } }])
}

export async function publicPage(path: string): Promise<string> {
  const response = await fetch(`${baseUrl()}${path}`)
  assert.equal(response.status, 200)
  return response.text()
}

export async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const started = Date.now()
  for (;;) {
    const value = await probe()
    if (value) return value
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

/** A small PNG no other test has uploaded (so its asset id is new). */
export async function uniquePng(): Promise<{ bytes: Buffer; sha1: string }> {
  const background = { r: randomInt(256), g: randomInt(256), b: randomInt(256) }
  const bytes = await sharp({ create: { width: 320, height: 180, channels: 3, background } }).png().toBuffer()
  return { bytes, sha1: createHash('sha1').update(bytes).digest('hex') }
}

/** `watchPage`, plus every HTTP error response (the console names only the status, not the URL). */
export function watchStudio(page: Page): Watch & { httpErrors: string[] } {
  const httpErrors: string[] = []
  page.on('response', (response) => {
    if (response.status() >= 400) httpErrors.push(`${response.status()} ${response.url()}`)
  })
  return { ...watchPage(page), httpErrors }
}

/**
 * Opens `path` (a Studio URL): Studio sends the editor to the lake's sign-in page, where the token
 * goes into the visible form (field and button checked visible and on top); the lake sets its
 * HttpOnly session cookie and sends them back to `path`. `shots` saves the sign-in page.
 */
export async function signIn(context: BrowserContext, token: string, path = '/studio', shots?: { take(page: Page, name: string): Promise<unknown> }): Promise<{ page: Page; watch: Watch }> {
  const page = await context.newPage()
  const watch = watchStudio(page)
  // Not "load": a first Studio load on a busy machine can take longer than goto's 30 s; the field below waits.
  await page.goto(`${baseUrl()}${path}`, { waitUntil: 'commit' })
  const field = page.getByLabel('Editor token')
  await field.waitFor({ timeout: 60_000 })
  assert.equal(new URL(page.url()).port, new URL(lakeSettings().url).port, 'the sign-in page is served by the lake')
  await shots?.take(page, 'sign-in-page')
  await assertOnTop(page, field, 'the token field')
  await field.fill(token)
  await clickVisible(page, page.getByRole('button', { name: 'Sign in' }), 'the Sign in button')
  await page.waitForURL((url) => url.href.startsWith(`${baseUrl()}/studio`), { timeout: 30_000 })
  await userMenuButton(page).waitFor({ timeout: 60_000 })
  assert.ok(!page.url().includes(token), 'the token does not stay in the address bar')
  return { page, watch }
}

/** The avatar button in Studio's navbar that opens the user menu. */
export function userMenuButton(page: Page) {
  return page.locator('#user-menu, [data-testid="user-menu-button"]').or(page.getByRole('button', { name: /user menu|profile/i })).first()
}

export const documentPath = (id: string, type: string) => `/studio/intent/edit/id=${id};type=${type}`

export function headlineInput(page: Page) {
  return page.locator('[data-testid="field-headline"]').locator('input, textarea').first()
}

/** Nothing leaves the machine: only loopback hosts (the site, the lake and its extra listen ports). */
export function assertOnlyLocalOrigins(watch: Watch) {
  const allowed = (origin: string) => {
    const { hostname } = new URL(origin)
    return hostname === '127.0.0.1' || hostname === 'localhost' || hostname.endsWith('.localhost')
  }
  assert.deepEqual([...watch.origins].filter((origin) => !allowed(origin)), [], 'requests left the machine or went to an unexpected host')
}

/** Studio's crash screen and error toasts, as a person would read them. */
export const STUDIO_ERROR_TEXT = /An error occurred|Something went wrong|Unhandled error|unable to recover|No login providers available|Error: /

/** No error screen, no console error, no answer >= 400 from the lake or the site, nothing off the machine. */
export async function assertNoStudioError(page: Page, watch: Watch) {
  assert.equal(await page.getByText(STUDIO_ERROR_TEXT).count(), 0, 'Studio shows an error screen')
  assert.deepEqual(watch.httpErrors ?? [], [], 'the lake or the site answered an error to the Studio')
  assert.deepEqual(watch.consoleErrors, [], 'console errors')
  assertOnlyLocalOrigins(watch)
}

