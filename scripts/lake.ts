/**
 * `npm run lake`: runs the embedded Content Lake.
 * Env: LAKE_PORT (3030), LAKE_DATA_DIR (.lake/), LAKE_SEED_DIR (content/), SANITY_API_TOKEN
 * (when unset, a random token is kept in <dataDir>/token with mode 0600).
 */

import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { startLakeServer } from '../lib/lake'

function readOrCreateToken(dataDir: string): { token: string; file: string; created: boolean } {
  const file = path.join(dataDir, 'token')
  fs.mkdirSync(dataDir, { recursive: true })
  if (fs.existsSync(file)) {
    const token = fs.readFileSync(file, 'utf8').trim()
    if (token) return { token, file, created: false }
  }
  const token = randomBytes(24).toString('base64url')
  fs.writeFileSync(file, `${token}\n`, { mode: 0o600 })
  fs.chmodSync(file, 0o600)
  return { token, file, created: true }
}

async function main(): Promise<void> {
  const port = Number(process.env.LAKE_PORT ?? 3030)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid LAKE_PORT: ${process.env.LAKE_PORT}`)
  const dataDir = path.resolve(process.env.LAKE_DATA_DIR ?? '.lake')
  const seedDir = path.resolve(process.env.LAKE_SEED_DIR ?? 'content')
  let token = process.env.SANITY_API_TOKEN
  if (!token) {
    const stored = readOrCreateToken(dataDir)
    token = stored.token
    console.log(`lake token ${stored.created ? 'created' : 'read'} at ${stored.file} (set SANITY_API_TOKEN to override)`)
  }
  const lake = await startLakeServer({ dataDir, port, token, seedDir, projectId: process.env.LAKE_PROJECT_ID ?? 'local' })
  console.log(`lake listening on ${lake.url}`)

  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`lake: ${signal}, closing`)
    lake.close().then(
      () => process.exit(0),
      (err) => {
        console.error(err)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

main().catch((err) => {
  console.error(`lake failed to start: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
})
