/**
 * `npm run lake`: runs the embedded Content Lake on 127.0.0.1 with the settings of
 * `lib/sanity/settings.ts` (LAKE_PORT, LAKE_DATA_DIR, LAKE_SEED_DIR, SANITY_API_TOKEN — when unset,
 * the token kept in <LAKE_DATA_DIR>/token, created on first start).
 */

import { startLakeServer } from '../lib/lake'
import { readOrCreateLakeToken } from '../lib/sanity/lake-token'
import { readSettingsOrExit } from '../lib/sanity/settings'

async function main(): Promise<void> {
  const settings = readSettingsOrExit('lake')
  const { dataDir, seedDir, port } = settings.lake
  let token = settings.sanity.token
  if (!token) {
    const stored = readOrCreateLakeToken(dataDir)
    token = stored.token
    console.log(`lake token ${stored.created ? 'created' : 'read'} at ${stored.file} (set SANITY_API_TOKEN to override)`)
  }
  const { webhookUrls } = settings.lake
  const secret = settings.webhook.secret
  if (webhookUrls.length > 0 && !secret) throw new Error('LAKE_WEBHOOK_URLS is set but SANITY_WEBHOOK_SECRET is not: webhooks must be signed')
  const webhooks = webhookUrls.length > 0 && secret ? { urls: webhookUrls, secret } : undefined
  const { studioOrigins } = settings.lake
  const lake = await startLakeServer({ dataDir, port, token, seedDir, webhooks, studioOrigins, log: (message) => console.error(message) })
  if (webhooks) console.log(`lake: publish webhooks to ${webhookUrls.join(', ')}`)
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

main().catch((err: NodeJS.ErrnoException) => {
  const message = err?.code === 'EADDRINUSE' ? `port ${readSettingsOrExit('lake').lake.port} is already in use (set LAKE_PORT)` : err instanceof Error ? err.message : String(err)
  console.error(`lake failed to start: ${message}`)
  process.exit(1)
})
