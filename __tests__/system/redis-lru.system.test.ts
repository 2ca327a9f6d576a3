/**
 * The shared cache handler (lib/cache/redis-cache-handler.js) on a real redis-server capped at
 * 4 MB with `maxmemory-policy allkeys-lru`, as a small managed Redis would be (ADR 0016): 300
 * story pages (~60 KB each, ~18 MB) written through it never fail a request, Redis stays within
 * its memory, every entry carries a TTL, and a page Redis evicted is a miss there — served from
 * the instance's own (bounded) copy while that has it, else rendered again by Next.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createClient } from 'redis'
import { startLocalRedis, type LocalRedis } from '@/lib/cache/redis-server'
import { freePort } from '@/scripts/site/ports'

type Entry = { value: Record<string, unknown> | null } | null
type Handler = {
  get(key: string, ctx: Record<string, unknown>): Promise<Entry>
  set(key: string, data: unknown, ctx: Record<string, unknown>): Promise<void>
}
type HandlerModule = (new (ctx: Record<string, unknown>) => Handler) & { disconnect(): Promise<void> }

const PAGE_CTX = { kind: 'APP_PAGE', isFallback: false, isRoutePPREnabled: false }
const SET_CTX = { cacheControl: { revalidate: 3600, expire: 31536000 } }
const MAX_MEMORY = 4 * 1024 * 1024
const pageValue = (n: number) => ({
  kind: 'APP_PAGE',
  html: `<h1>Story ${n}</h1>${'x'.repeat(40_000)}`,
  rscData: Buffer.alloc(20_000, n % 256),
  segmentData: new Map([['/_tree', Buffer.alloc(200, 1)]]),
  headers: { 'x-next-cache-tags': 'type:article' },
  status: 200,
  postponed: undefined,
})

let redis: LocalRedis
let Handler: HandlerModule
let dir = ''
const admin = () => createClient({ url: redis.url })

beforeAll(async () => {
  redis = await startLocalRedis(await freePort())
  const client = admin()
  await client.connect()
  await client.configSet({ maxmemory: String(MAX_MEMORY), 'maxmemory-policy': 'allkeys-lru' })
  await client.destroy()
  process.env.REDIS_URL = redis.url
  jest.isolateModules(() => {
    Handler = jest.requireActual<HandlerModule>('../../lib/cache/redis-cache-handler.js')
  })
})

afterAll(async () => {
  await Handler?.disconnect()
  delete process.env.REDIS_URL
  await redis?.stop()
  if (dir) fs.rmSync(dir, { recursive: true, force: true })
})

describe('the Redis cache handler under maxmemory-policy allkeys-lru', () => {
  jest.setTimeout(60_000)

  it('keeps serving while Redis evicts, within its memory, every entry with a TTL', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'redis-lru-'))
    fs.mkdirSync(path.join(dir, 'server', 'app'), { recursive: true })
    fs.writeFileSync(path.join(dir, 'BUILD_ID'), 'lru-build')
    const { nodeFs } = jest.requireActual('next/dist/server/lib/node-fs-methods')
    // The local copy is written to disk too, capped at 1 MB (bounded-file-cache.js).
    const handler = new Handler({ fs: nodeFs, serverDistDir: path.join(dir, 'server'), flushToDisk: true, maxMemoryCacheSize: 0, revalidatedTags: [], _requestHeaders: {}, maxDiskBytes: 1024 * 1024 })
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    try {
      for (let n = 0; n < 300; n++) {
        await handler.set(`/route-cache/APP_PAGE/h/$/articles/story-${n}`, pageValue(n), { ...PAGE_CTX, ...SET_CTX })
        // A popular page, read after every write, stays: in Redis, or (Redis's LRU is approximate,
        // to the second) in the local copy, whose order follows the reads Redis answered too.
        expect([n, (await handler.get('/route-cache/APP_PAGE/h/$/articles/story-0', PAGE_CTX)) !== null]).toEqual([n, true])
      }
      expect(errors.mock.calls.map((call) => String(call[0]))).toEqual([])
    } finally {
      errors.mockRestore()
    }
    const client = admin()
    await client.connect()
    try {
      const info = await client.info('memory')
      const used = Number(/used_memory:(\d+)/.exec(info)?.[1])
      expect(used).toBeLessThanOrEqual(MAX_MEMORY * 1.05)
      const keys = await client.keys('next-cache:lru-build:*')
      // Far fewer than were written: Redis evicted the rest.
      expect(keys.length).toBeGreaterThan(10)
      expect(keys.length).toBeLessThan(250)
      for (const key of keys.slice(0, 20)) {
        const ttl = await client.ttl(key)
        expect(ttl).toBeGreaterThan(13 * 24 * 3600)
        expect(ttl).toBeLessThanOrEqual(14 * 24 * 3600)
      }
    } finally {
      await client.destroy()
    }
    // Story 1 is gone from Redis and from the 1 MB local copy: a miss, so Next renders it again.
    expect(await handler.get('/route-cache/APP_PAGE/h/$/articles/story-1', PAGE_CTX)).toBeNull()
    expect((await handler.get('/route-cache/APP_PAGE/h/$/articles/story-299', PAGE_CTX))?.value).toMatchObject({ kind: 'APP_PAGE' })
  })
})
