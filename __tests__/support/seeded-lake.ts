import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startLakeServer, type RunningLakeServer } from '@/lib/lake'
import { mutateLake, regionNoticeMutations } from '../fixtures/region-notice'

/**
 * Registers beforeAll/afterAll hooks that run an embedded lake on a random 127.0.0.1 port — seeded
 * from `seedDir` unless it is null — point the site's client module at it (LAKE_URL; with `token`,
 * SANITY_API_TOKEN too), and remove it afterwards. Returns a getter for the running lake.
 */
export function startLakeForSuite(name: string, { seedDir = 'content', token = 'test-token', serverToken = false }: { seedDir?: string | null; token?: string; serverToken?: boolean } = {}): () => RunningLakeServer {
  let lake: RunningLakeServer | undefined
  let dataDir = ''
  const savedEnv = { ...process.env }
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-`))
    lake = await startLakeServer({ dataDir, port: 0, ...(seedDir === null ? {} : { seedDir }), token, log: () => undefined })
    delete process.env.SANITY_PROJECT_ID
    process.env.LAKE_URL = lake.url
    if (serverToken) process.env.SANITY_API_TOKEN = token
  }, 30_000)
  afterAll(async () => {
    await lake?.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
    process.env = savedEnv
  })
  return () => {
    if (!lake) throw new Error('the lake is not running (used outside a test?)')
    return lake
  }
}

/**
 * `startLakeForSuite` with the seed dataset (content/); with `regionNotice`, plus the test notice
 * addressed to RU only, attached to the seed story (the seed's own notice is for everyone).
 */
export function startSeededLakeForSuite(name: string, { regionNotice = false }: { regionNotice?: boolean } = {}): () => RunningLakeServer {
  const lake = startLakeForSuite(name)
  if (regionNotice) beforeAll(() => mutateLake(lake().url, 'test-token', regionNoticeMutations()))
  return lake
}
