import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startLakeServer, type RunningLakeServer } from '@/lib/lake'

/**
 * Registers beforeAll/afterAll hooks that run an embedded lake seeded from content/ on a random
 * 127.0.0.1 port, point the site's client module at it (LAKE_URL), and remove it afterwards.
 * Returns a getter for the running lake.
 */
export function startSeededLakeForSuite(name: string): () => RunningLakeServer {
  let lake: RunningLakeServer | undefined
  let dataDir = ''
  const savedEnv = { ...process.env }
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-`))
    lake = await startLakeServer({ dataDir, port: 0, seedDir: 'content', token: 'test-token' })
    delete process.env.SANITY_PROJECT_ID
    process.env.LAKE_URL = lake.url
  }, 30_000)
  afterAll(async () => {
    await lake?.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
    process.env = savedEnv
  })
  return () => {
    if (!lake) throw new Error('the seeded lake is not running (used outside a test?)')
    return lake
  }
}
