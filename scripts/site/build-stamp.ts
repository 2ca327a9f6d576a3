/**
 * What content a build was prerendered from. `npm run build` writes `.next/content-stamp.json`:
 * the hash of the seed file and whether the build's lake was freshly seeded from it. The browser
 * suite, which starts its own fresh seed lake, only trusts a build whose stamp matches (otherwise
 * it rebuilds), so it never tests pages prerendered from other content.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

export interface ContentStamp {
  /** sha256 of `<seedDir>/data.ndjson` at build time. */
  seedSha256: string
  /** True when the build's lake started empty and was seeded from that file (no other edits possible). */
  freshSeed: boolean
  builtAt: string
}

export function stampFile(root: string): string {
  return path.join(root, '.next', 'content-stamp.json')
}

export function seedHash(seedDir: string): string {
  const file = path.join(seedDir, 'data.ndjson')
  return fs.existsSync(file) ? createHash('sha256').update(fs.readFileSync(file)).digest('hex') : 'no-seed'
}

export function writeContentStamp(root: string, stamp: ContentStamp): void {
  fs.writeFileSync(stampFile(root), `${JSON.stringify(stamp, null, 2)}\n`)
}

export function readContentStamp(root: string): ContentStamp | undefined {
  try {
    return JSON.parse(fs.readFileSync(stampFile(root), 'utf8')) as ContentStamp
  } catch {
    return undefined
  }
}

/** Why the build in `root` can't be trusted to match a fresh lake seeded from `seedDir`, or null when it can. */
export function buildMismatch(root: string, seedDir: string): string | null {
  if (!fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) return 'there is no build'
  const stamp = readContentStamp(root)
  if (!stamp) return 'the build has no content stamp'
  if (!stamp.freshSeed) return 'the build was prerendered from a lake that was not freshly seeded'
  if (stamp.seedSha256 !== seedHash(seedDir)) return 'the seed changed since the build'
  return null
}
