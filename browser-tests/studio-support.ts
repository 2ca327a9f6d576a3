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

export const STORY_SLUG = 'turkey-erdogan-putin-to-meet-in-moscow-this-week-for-syria-talks'
export const STORY_PATH = `/articles/${STORY_SLUG}`
/** Every headline this suite publishes carries it; `after` waits until readers no longer see it. */
export const PUBLISHED_MARKER = '(edited '
const lakeSettings = () => readSettings().lake

export type Watch = ReturnType<typeof watchPage> & { httpErrors?: string[] }

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
  const response = await fetch(`${lakeSettings().url}/v2025-02-19/data/mutate/production`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ mutations: [{ createOrReplace: document }, { delete: { id: `drafts.${document._id as string}` } }] }),
  })
  assert.equal(response.status, 200, await response.text())
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
 * Opens `path` (a Studio URL) and signs in on the form it shows; Studio then opens that URL. Signing
 * in where the editor is going avoids navigating away from a running Studio, whose unload can log
 * "WebSocket is already in CLOSING or CLOSED state" (its presence socket saying goodbye).
 */
export async function signIn(context: BrowserContext, token: string, path = '/studio'): Promise<{ page: Page; watch: Watch }> {
  const page = await context.newPage()
  const watch = watchStudio(page)
  await page.goto(`${baseUrl()}${path}`)
  await page.getByLabel('Editor token').fill(token)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.locator('[data-testid="studio-navbar"], [data-ui="Navbar"]').or(page.getByRole('link', { name: 'Structure' })).first().waitFor({ timeout: 60_000 })
  assert.ok(!page.url().includes(token), 'the token does not stay in the address bar')
  return { page, watch }
}

export const documentPath = (id: string, type: string) => `/studio/intent/edit/id=${id};type=${type}`

export function headlineInput(page: Page) {
  return page.locator('[data-testid="field-headline"]').locator('input, textarea').first()
}

/** Only the site and the lake (its `*.localhost` names on the lake's port) are ever contacted. */
export function assertOnlyLocalOrigins(watch: Watch) {
  const lakePort = new URL(lakeSettings().url).port
  const allowed = (origin: string) => {
    const url = new URL(origin)
    return origin === new URL(baseUrl()).origin || ((url.hostname === 'localhost' || url.hostname.endsWith('.localhost')) && url.port === lakePort)
  }
  assert.deepEqual([...watch.origins].filter((origin) => !allowed(origin)), [], 'requests left the machine or went to an unexpected host')
}

/** Studio's crash screen and error toasts, as a person would read them. */
export const STUDIO_ERROR_TEXT = /An error occurred|Something went wrong|Unhandled error|unable to recover|Error: /

/** No error screen, no console error, no answer >= 400 from the lake or the site, nothing off the machine. */
export async function assertNoStudioError(page: Page, watch: Watch) {
  assert.equal(await page.getByText(STUDIO_ERROR_TEXT).count(), 0, 'Studio shows an error screen')
  assert.deepEqual(watch.httpErrors ?? [], [], 'the lake or the site answered an error to the Studio')
  assert.deepEqual(watch.consoleErrors, [], 'console errors')
  assertOnlyLocalOrigins(watch)
}

