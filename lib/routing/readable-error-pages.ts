/**
 * Next 16 sends a page that fails while rendering — `notFound()` raised by the page, or a thrown
 * error — as a shell whose message appears only once JavaScript runs (`<html id="__next_error__">`
 * with an empty body). The site's server (scripts/site/server.ts) asks this module, when a page's
 * head is written, whether to send a page readable without JavaScript instead (issue 12, row 7):
 * - 404 → the prerendered not-found page (app/not-found.tsx, built to
 *   `.next/server/app/_not-found.html`), the same page unknown URLs get from the front door;
 * - 5xx → the plain error page (plain-error-page.ts).
 * Only HTML answers are replaced (never the RSC payloads client navigation fetches), and never in
 * development, where Next's error overlay is what a developer needs.
 */
import fs from 'node:fs'
import path from 'node:path'
import { plainErrorPage } from './plain-error-page'

export type ReadablePage = { status: number; headers: Record<string, string>; html: string }

const notFoundPages = new Map<string, string | null>()

/** The built not-found page of the build in `distDir` (read once), or null when there is none. */
function builtNotFoundPage(distDir: string): string | null {
  if (!notFoundPages.has(distDir)) {
    let html: string | null = null
    try {
      html = fs.readFileSync(path.join(distDir, 'server', 'app', '_not-found.html'), 'utf8')
    } catch {
      html = null
    }
    notFoundPages.set(distDir, html)
  }
  return notFoundPages.get(distDir) ?? null
}

/** The page to send instead of Next's answer with `status` and `contentType`, or null to keep Next's. */
export function readableReplacement(status: number, contentType: string | undefined, distDir: string): ReadablePage | null {
  if (!contentType?.toLowerCase().startsWith('text/html')) return null
  if (status === 404) {
    const html = builtNotFoundPage(distDir)
    return html === null ? null : { status: 404, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }, html }
  }
  if (status >= 500) {
    const page = plainErrorPage('error')
    return { status, headers: page.headers, html: page.html }
  }
  return null
}
