/**
 * Whether a request carries this build's draft-mode cookie. Next's `draftMode()` cannot tell before
 * Next handles the request, so the front door compares the `__prerender_bypass` cookie with the build's id itself: a forged cookie must
 * not let unknown slugs through to the page cache.
 */
import { timingSafeEqual } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

export const DRAFT_MODE_COOKIE = '__prerender_bypass'

const previewModeIds = new Map<string, string>()

/**
 * The build's preview id (`<distDir>/prerender-manifest.json`), read once per folder; null while
 * there is none (not remembered, so a manifest written later is found).
 */
function previewModeId(distDir: string): string | null {
  const known = previewModeIds.get(distDir)
  if (known) return known
  let id: unknown
  try {
    id = JSON.parse(fs.readFileSync(path.join(distDir, 'prerender-manifest.json'), 'utf8'))?.preview?.previewModeId
  } catch {
    return null
  }
  if (typeof id !== 'string' || id.length < 16) return null
  previewModeIds.set(distDir, id)
  return id
}

/** Where the running server keeps its build: Next 16's dev server uses `.next/dev`. */
const defaultDistDir = () => path.join(process.cwd(), '.next', ...(process.env.NODE_ENV === 'development' ? ['dev'] : []))

export function isDraftModeCookie(value: string | undefined, distDir = defaultDistDir()): boolean {
  const expected = previewModeId(distDir)
  if (!value || !expected || value.length !== expected.length) return false
  return timingSafeEqual(Buffer.from(value), Buffer.from(expected))
}
