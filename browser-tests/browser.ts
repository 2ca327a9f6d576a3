import { chromium, type Browser, type Page } from 'playwright-core'

/** Debian's Chromium, headless, with no background traffic to the (closed) network. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

export const baseUrl = () => {
  const url = process.env.BASE_URL
  if (!url) throw new Error('BASE_URL is not set: run the suite through `npm run test:browser`.')
  return url
}

/** Records console errors, failed requests and every request's origin while a page is used. */
export function watchPage(page: Page) {
  const consoleErrors: string[] = []
  const origins = new Set<string>()
  const failed: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text())
  })
  page.on('pageerror', (error) => consoleErrors.push(error.message))
  page.on('request', (request) => {
    const url = request.url()
    if (url.startsWith('http')) origins.add(new URL(url).origin)
  })
  page.on('requestfailed', (request) => failed.push(`${request.url()} ${request.failure()?.errorText}`))
  return { consoleErrors, origins, failed }
}
