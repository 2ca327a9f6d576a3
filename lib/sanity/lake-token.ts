/**
 * The embedded lake's own API token when SANITY_API_TOKEN is not set: kept in
 * `<LAKE_DATA_DIR>/token` (mode 0600), created on first use, so the lake, the site and the content
 * CLI share it without configuration. One format everywhere: 43 characters of base64url.
 */
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { MIN_TOKEN_LENGTH, type Settings } from './settings'

export function lakeTokenFile(dataDir: string): string {
  return path.join(dataDir, 'token')
}

/** A new random token (32 bytes → 43 base64url characters). */
export function generateToken(): string {
  return randomBytes(32).toString('base64url')
}

/** The stored token, or undefined when there is none (or it is too short to be one of ours). */
export function readLakeToken(dataDir: string): string | undefined {
  const file = lakeTokenFile(dataDir)
  if (!fs.existsSync(file)) return undefined
  const token = fs.readFileSync(file, 'utf8').trim()
  return token.length >= MIN_TOKEN_LENGTH ? token : undefined
}

/** The stored token, created (mode 0600) when missing or too short. */
export function readOrCreateLakeToken(dataDir: string): { token: string; file: string; created: boolean } {
  const file = lakeTokenFile(dataDir)
  const existing = readLakeToken(dataDir)
  if (existing) return { token: existing, file, created: false }
  fs.mkdirSync(dataDir, { recursive: true })
  const token = generateToken()
  fs.writeFileSync(file, `${token}\n`, { mode: 0o600 })
  fs.chmodSync(file, 0o600)
  return { token, file, created: true }
}

/** The webhook secret `npm start` shares between the lake and the site when SANITY_WEBHOOK_SECRET is unset. */
export function readOrCreateWebhookSecret(dataDir: string): string {
  const file = path.join(dataDir, 'webhook-secret')
  if (fs.existsSync(file)) {
    const secret = fs.readFileSync(file, 'utf8').trim()
    if (secret.length >= MIN_TOKEN_LENGTH) return secret
  }
  fs.mkdirSync(dataDir, { recursive: true })
  const secret = generateToken()
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 })
  fs.chmodSync(file, 0o600)
  return secret
}

/** The token the server side uses with the lake: SANITY_API_TOKEN, else the stored one (never created here). */
export function serverTokenFor(settings: Settings): string | undefined {
  return settings.sanity.token ?? (settings.sanity.backend === 'lake' ? readLakeToken(settings.lake.dataDir) : undefined)
}
