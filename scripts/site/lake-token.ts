import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

/**
 * The embedded lake's API token when SANITY_API_TOKEN is not set: read from `<dataDir>/token`,
 * created (mode 0600) on first use, so the lake and the site share it without configuration.
 */
export function readOrCreateLakeToken(dataDir: string): string {
  const file = path.join(dataDir, 'token')
  if (existsSync(file)) {
    const token = readFileSync(file, 'utf8').trim()
    if (token) return token
  }
  mkdirSync(dataDir, { recursive: true })
  const token = `lake_${randomBytes(24).toString('hex')}`
  writeFileSync(file, `${token}\n`, { mode: 0o600 })
  return token
}
