/**
 * Whether a request carries this build's draft-mode cookie. Next's `draftMode()` cannot tell in the
 * proxy (it reads the preview id from an environment variable only edge builds define), so the
 * proxy compares the `__prerender_bypass` cookie with the build's id itself: a forged cookie must
 * not let unknown slugs through to the page cache.
 */
import { timingSafeEqual } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

export const DRAFT_MODE_COOKIE = '__prerender_bypass'

const previewModeIds = new Map<string, string | null>()

/** The build's preview id (`<distDir>/prerender-manifest.json`), read once per folder; null when there is none. */
function previewModeId(distDir: string): string | null {
  if (!previewModeIds.has(distDir)) {
    let id: unknown
    try {
      id = JSON.parse(fs.readFileSync(path.join(distDir, 'prerender-manifest.json'), 'utf8'))?.preview?.previewModeId
    } catch {
      id = undefined
    }
    previewModeIds.set(distDir, typeof id === 'string' && id.length >= 16 ? id : null)
  }
  return previewModeIds.get(distDir) ?? null
}

export function isDraftModeCookie(value: string | undefined, distDir = path.join(process.cwd(), '.next')): boolean {
  const expected = previewModeId(distDir)
  if (!value || !expected || value.length !== expected.length) return false
  return timingSafeEqual(Buffer.from(value), Buffer.from(expected))
}
