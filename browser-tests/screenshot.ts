/** Regenerates the README screenshot: `BASE_URL=http://127.0.0.1:3000 tsx browser-tests/screenshot.ts` against a running site. */
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { baseUrl, launchBrowser } from './browser'

async function main() {
  const browser = await launchBrowser()
  const page = await browser.newPage({ viewport: { width: 1280, height: 1800 } })
  await page.goto(`${baseUrl()}/articles/turkey-erdogan-putin-to-meet-in-moscow-this-week-for-syria-talks`, { waitUntil: 'networkidle' })
  const out = path.resolve(__dirname, '../docs/screenshots/article.png')
  mkdirSync(path.dirname(out), { recursive: true })
  await page.screenshot({ path: out, fullPage: false })
  await browser.close()
  console.log(`wrote ${out}`)
}

void main()
