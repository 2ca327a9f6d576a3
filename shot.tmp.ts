import { launchBrowser } from './browser-tests/browser'
async function main() {
  const browser = await launchBrowser()
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1100, height: 1300 } })
  const page = await context.newPage()
  const urls = process.argv.slice(2)
  for (const [i, url] of urls.entries()) {
    await page.goto(`http://127.0.0.1:3881${url}`)
    await page.screenshot({ path: `/tmp/shot-${i}.png`, fullPage: false })
  }
  await browser.close()
}
void main()
