/**
 * The shared cache handler (lib/cache/redis-cache-handler.js) against a real redis-server on a free
 * 127.0.0.1 port. Two copies of the handler loaded in isolated module registries stand for two
 * site instances: each has its own local file-system cache and tag manifest (they share this
 * process's one Redis connection, lib/cache/redis-connection.js, as Next's code does in a server).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startLocalRedis, type LocalRedis } from '@/lib/cache/redis-server'
import { freePort } from '@/scripts/site/ports'
import { eventually } from '../support/eventually'

type Entry = { lastModified: number; value: Record<string, unknown> | null } | null
type Handler = {
  get(key: string, ctx: Record<string, unknown>): Promise<Entry>
  set(key: string, data: unknown, ctx: Record<string, unknown>): Promise<void>
  revalidateTag(tags: string[], durations?: { expire?: number }): Promise<void>
}
type HandlerClass = (new (ctx: Record<string, unknown>) => Handler) & { encode(v: unknown): string; decode(s: string): unknown }

const HANDLER = '../../lib/cache/redis-cache-handler.js'
const FETCH_CTX = { kind: 'FETCH', fetchCache: true, tags: ['article:a1', 'type:article'], softTags: [] }
const PAGE_CTX = { kind: 'APP_PAGE', isFallback: false, isRoutePPREnabled: false }

let redis: LocalRedis
let dirs: string[] = []
/** Every handler copy's module, so afterAll can close their Redis clients (reconnect timers keep jest alive). */
const modules: Array<{ disconnect?: () => Promise<void> }> = []

/** One "instance": a fresh copy of the handler module (its own local cache and tag manifest). */
function instance(): Handler {
  let Handler: HandlerClass | undefined
  jest.isolateModules(() => {
    Handler = jest.requireActual<HandlerClass>(HANDLER)
  })
  modules.push(Handler as unknown as { disconnect?: () => Promise<void> })
  const distDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cache-handler-'))
  dirs.push(distDir)
  fs.mkdirSync(path.join(distDir, 'server'))
  fs.writeFileSync(path.join(distDir, 'BUILD_ID'), 'test-build')
  const { nodeFs } = jest.requireActual('next/dist/server/lib/node-fs-methods')
  return new Handler!({ fs: nodeFs, serverDistDir: path.join(distDir, 'server'), flushToDisk: false, maxMemoryCacheSize: 10 * 1024 * 1024, revalidatedTags: [], _requestHeaders: {} })
}

const fetchValue = (headline: string) => ({ kind: 'FETCH', data: { headers: {}, body: JSON.stringify({ result: { headline } }), status: 200, url: 'http://lake/q' }, revalidate: 3600 })
const pageValue = (html: string) => ({
  kind: 'APP_PAGE',
  html,
  rscData: Buffer.from(`rsc:${html}`),
  segmentData: new Map([['/_tree', Buffer.from([0, 255, 1])]]),
  headers: { 'x-next-cache-tags': 'article-slug:one,type:article' },
  status: 200,
  postponed: undefined,
})

/** Polls `read` until `accept` holds (bounded). */
beforeAll(async () => {
  redis = await startLocalRedis(await freePort())
  process.env.REDIS_URL = redis.url
})

afterAll(async () => {
  await Promise.all(modules.map((module) => module.disconnect?.()))
  delete process.env.REDIS_URL
  await redis?.stop()
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true })
  dirs = []
})

describe('the Redis cache handler', () => {
  jest.setTimeout(30_000)

  it('keeps Buffers and Maps through its codec', () => {
    const Handler = jest.requireActual<HandlerClass>(HANDLER)
    const value = pageValue('<p>x</p>')
    expect(Handler.decode(Handler.encode({ value }))).toEqual({ value })
  })

  it('serves an entry one instance wrote to another, and a tag revalidated on one expires it on both', async () => {
    const [a, b] = [instance(), instance()]
    // The first call connects; wait until both answer from Redis.
    await eventually(() => a.set('/route-cache/app-page/x/$/one', pageValue('<h1>Old</h1>'), PAGE_CTX).then(() => b.get('/route-cache/app-page/x/$/one', PAGE_CTX)), (entry) => entry !== null)
    const page = await b.get('/route-cache/app-page/x/$/one', PAGE_CTX)
    expect(page?.value).toEqual(pageValue('<h1>Old</h1>'))
    await a.set('fetch-key', fetchValue('Old'), FETCH_CTX)
    expect((await b.get('fetch-key', FETCH_CTX))?.value).toMatchObject({ kind: 'FETCH', tags: FETCH_CTX.tags })

    await new Promise((resolve) => setTimeout(resolve, 5))
    await a.revalidateTag(['type:article'], { expire: 0 })
    expect(await b.get('/route-cache/app-page/x/$/one', PAGE_CTX)).toBeNull()
    expect(await b.get('fetch-key', FETCH_CTX)).toBeNull()
    expect(await a.get('fetch-key', FETCH_CTX)).toBeNull()

    // Made again after the publish: served again, by both.
    await new Promise((resolve) => setTimeout(resolve, 5))
    await b.set('fetch-key', fetchValue('New'), FETCH_CTX)
    expect((await a.get('fetch-key', FETCH_CTX))?.value).toMatchObject({ data: { body: JSON.stringify({ result: { headline: 'New' } }) } })
  })

  it('serves from the local cache while Redis is down, logs it once, and uses Redis again when it is back', async () => {
    const [a, b] = [instance(), instance()]
    await eventually(() => a.set('down-key', fetchValue('Before'), FETCH_CTX).then(() => b.get('down-key', FETCH_CTX)), (entry) => entry !== null)
    await b.set('local-key', fetchValue('Local'), FETCH_CTX)
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    try {
      await redis.stop()
      for (let i = 0; i < 20; i++) {
        expect((await b.get('local-key', FETCH_CTX))?.value).toMatchObject({ kind: 'FETCH' })
        await b.set('while-down', fetchValue('Down'), FETCH_CTX)
        await new Promise((resolve) => setTimeout(resolve, 25))
      }
      const downLines = errors.mock.calls.map((call) => String(call[0])).filter((line) => line.includes('is unavailable'))
      // Rate-limited (one connection per process, one line per 30 s), though each instance made 40
      // failing calls; the address is named, never credentials.
      expect(downLines.length).toBeGreaterThanOrEqual(1)
      expect(downLines.length).toBeLessThanOrEqual(4)
      expect(downLines[0]).toContain(`Redis at 127.0.0.1:${redis.port} is unavailable`)

      redis = await startLocalRedis(redis.port)
      const shared = await eventually(
        () => a.set('after-key', fetchValue('After'), FETCH_CTX).then(() => b.get('after-key', FETCH_CTX)),
        (entry) => entry !== null,
        10_000,
      )
      expect(shared?.value).toMatchObject({ kind: 'FETCH' })
      expect(errors.mock.calls.some((call) => String(call[0]).includes('answers again'))).toBe(true)
    } finally {
      errors.mockRestore()
    }
  })
})
