/**
 * Regenerates the README's Studio screenshot (the story open in the desk) against a running
 * site and lake: `BASE_URL=http://127.0.0.1:3000 LAKE_DATA_DIR=.lake tsx browser-tests/studio-screenshot.ts`.
 * Signs in on the lake's sign-in page as a temporary editor (added to `$LAKE_DATA_DIR`, removed after).
 */
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { runEditorCommand } from '../lib/lake/studio/editor-cli'
import { readSettings } from '../lib/sanity/settings'
import { baseUrl, launchBrowser } from './browser'

const STORY_TITLE = 'Turkey: Erdogan, Putin To Meet In Moscow This Week For Syria Talks'

async function main() {
  const dataDir = readSettings().lake.dataDir
  const lines: string[] = []
  if (runEditorCommand(['add', 'Screenshot Editor'], { dataDir, out: (line) => lines.push(line), err: () => undefined }) !== 0) {
    throw new Error('Could not add a temporary editor: set LAKE_DATA_DIR to the running lake\'s data folder.')
  }
  const token = lines[0].trim()
  const browser = await launchBrowser()
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
  await page.goto(`${baseUrl()}/studio`)
  await page.getByLabel('Editor token').fill(token)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('link', { name: 'Stories' }).first().click({ timeout: 60_000 })
  await page.getByRole('link', { name: STORY_TITLE }).first().click({ timeout: 30_000 })
  await page.locator('[data-testid="field-headline"] input').waitFor({ timeout: 60_000 })
  // Listen streams stay open, so "network idle" never comes: wait for the document list's thumbnails.
  await page.waitForFunction(() => [...document.images].every((image) => image.complete), undefined, { timeout: 30_000 })
  await page.waitForTimeout(1000)
  const out = path.resolve(__dirname, '../docs/screenshots/studio.png')
  mkdirSync(path.dirname(out), { recursive: true })
  await page.screenshot({ path: out })
  await browser.close()
  runEditorCommand(['remove', 'Screenshot Editor'], { dataDir, out: () => undefined, err: () => undefined })
  console.log(`wrote ${out}`)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
