/**
 * The one-machine page cache (lib/cache/bounded-file-cache.js) on a temporary build folder: its
 * entries' bytes on disk stay under the cap however many pages are written, the least recently
 * used go first, an evicted page is a miss (so Next renders it again), pages already on disk are
 * found at start-up, Next's error pages are never evicted, and PAGE_CACHE_MAX_MB is validated.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DEFAULT_PAGE_CACHE_MAX_MB, parsePageCacheMaxMb } from '@/lib/cache/page-cache-limit'

type Entry = { value: { kind: string; html?: string } | null } | null
type Handler = {
  get(key: string, ctx: Record<string, unknown>): Promise<Entry>
  set(key: string, data: unknown, ctx: Record<string, unknown>): Promise<void>
}
type Index = { totalBytes: number; entries: Map<string, unknown>; scanned: Promise<void> }
type HandlerModule = (new (ctx: Record<string, unknown>) => Handler) & { diskIndex(dir: string): Index; forgetDiskIndexes(): void }

const PAGE_CTX = { kind: 'APP_PAGE', isFallback: false, isRoutePPREnabled: false }
const SET_CTX = { cacheControl: { revalidate: 3600, expire: 31536000 } }
/** About 40 KB of HTML and 20 KB of RSC, like a story page. */
const pageValue = (name: string) => ({
  kind: 'APP_PAGE',
  html: `<html><body><h1>${name}</h1>${'x'.repeat(40_000)}</body></html>`,
  rscData: Buffer.alloc(20_000, 1),
  segmentData: new Map([['/_tree', Buffer.alloc(500, 2)]]),
  headers: { 'x-next-cache-tags': 'type:article' },
  status: 200,
  postponed: undefined,
})

const dirs: string[] = []
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })))

/** A fresh copy of the module (its own indexes and memory cache) on a new build folder. */
function buildFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bounded-cache-'))
  dirs.push(dir)
  fs.mkdirSync(path.join(dir, 'server', 'app'), { recursive: true })
  return path.join(dir, 'server')
}

function load(): HandlerModule {
  let loaded: HandlerModule | undefined
  jest.isolateModules(() => {
    loaded = jest.requireActual<HandlerModule>('../../lib/cache/bounded-file-cache.js')
  })
  return loaded!
}

function handler(Module: HandlerModule, serverDistDir: string, maxDiskBytes: number, maxMemoryCacheSize = 0): Handler {
  const { nodeFs } = jest.requireActual('next/dist/server/lib/node-fs-methods')
  return new Module({ fs: nodeFs, serverDistDir, flushToDisk: true, maxMemoryCacheSize, revalidatedTags: [], _requestHeaders: {}, maxDiskBytes })
}

/** Bytes of every cache file under the build folder, counted on disk (not from the index). */
function cacheBytesOnDisk(serverDistDir: string): number {
  let total = 0
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return
    for (const item of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, item.name)
      if (item.isDirectory()) walk(full)
      else total += fs.statSync(full).size
    }
  }
  walk(path.join(serverDistDir, 'app'))
  walk(path.join(serverDistDir, '..', 'cache', 'fetch-cache'))
  return total
}

describe('the bounded file-system page cache', () => {
  it('keeps the cache under its cap while 200 unseen pages are written, evicting the least recently used', async () => {
    const Module = load()
    const dist = buildFolder()
    const cap = 1_000_000
    const cache = handler(Module, dist, cap)
    await Module.diskIndex(dist).scanned
    for (let i = 0; i < 200; i++) {
      await cache.set(`/articles/story-${i}`, pageValue(`Story ${i}`), SET_CTX)
      // Story 0 is read after every write: it stays the most recently used.
      expect(await cache.get('/articles/story-0', PAGE_CTX)).not.toBeNull()
      expect(cacheBytesOnDisk(dist)).toBeLessThanOrEqual(cap)
    }
    expect(Module.diskIndex(dist).totalBytes).toBe(cacheBytesOnDisk(dist))
    // Without the cap the 200 pages would take about 12 MB.
    expect(cacheBytesOnDisk(dist)).toBeGreaterThan(cap * 0.7)
    expect((await cache.get('/articles/story-0', PAGE_CTX))?.value?.html).toContain('Story 0')
    expect((await cache.get('/articles/story-199', PAGE_CTX))?.value?.html).toContain('Story 199')
    // An evicted page is a miss (Next renders it again), and its files are gone.
    expect(await cache.get('/articles/story-1', PAGE_CTX)).toBeNull()
    expect(fs.existsSync(path.join(dist, 'app', 'articles', 'story-1.html'))).toBe(false)
    expect(fs.existsSync(path.join(dist, 'app', 'articles', 'story-1.segments'))).toBe(false)
  })

  it('drops an evicted page from Next’s in-memory copy too', async () => {
    const Module = load()
    const dist = buildFolder()
    const cache = handler(Module, dist, 300_000, 50 * 1024 * 1024)
    await Module.diskIndex(dist).scanned
    for (let i = 0; i < 20; i++) await cache.set(`/articles/m-${i}`, pageValue(`M ${i}`), SET_CTX)
    expect(await cache.get('/articles/m-0', PAGE_CTX)).toBeNull()
    expect(await cache.get('/articles/m-19', PAGE_CTX)).not.toBeNull()
  })

  it('finds the pages already on disk at start-up (oldest first) and never evicts Next’s error pages', async () => {
    const dist = buildFolder()
    const first = load()
    const writer = handler(first, dist, 100_000_000)
    await first.diskIndex(dist).scanned
    await writer.set('/_not-found', pageValue('Not found'), SET_CTX)
    for (let i = 0; i < 10; i++) {
      await writer.set(`/articles/old-${i}`, pageValue(`Old ${i}`), SET_CTX)
      // Modification times order the pages found by the next process.
      const when = new Date(Date.now() - (100 - i) * 60_000)
      fs.utimesSync(path.join(dist, 'app', 'articles', `old-${i}.meta`), when, when)
    }
    fs.utimesSync(path.join(dist, 'app', '_not-found.meta'), new Date(0), new Date(0))
    const before = cacheBytesOnDisk(dist)

    // A new process with a cap of half what is there.
    const second = load()
    const cache = handler(second, dist, before / 2)
    await second.diskIndex(dist).scanned
    expect(cacheBytesOnDisk(dist)).toBeLessThanOrEqual(before / 2)
    expect(fs.existsSync(path.join(dist, 'app', '_not-found.html'))).toBe(true)
    expect(await cache.get('/articles/old-0', PAGE_CTX)).toBeNull()
    expect(await cache.get('/articles/old-9', PAGE_CTX)).not.toBeNull()
  })

  it('counts an entry it first meets on a read (Next copies prerendered pages to their runtime path itself)', async () => {
    const dist = buildFolder()
    const Module = load()
    const cache = handler(Module, dist, 100_000_000)
    await Module.diskIndex(dist).scanned
    // Another copy of the module stands for Next writing the files without this handler's set.
    const other = handler(load(), dist, 100_000_000)
    await other.set('/articles/copied', pageValue('Copied'), SET_CTX)
    expect(Module.diskIndex(dist).totalBytes).toBe(0)
    expect(await cache.get('/articles/copied', PAGE_CTX)).not.toBeNull()
    expect(Module.diskIndex(dist).totalBytes).toBe(cacheBytesOnDisk(dist))
  })

  it('counts tagged fetches in the same cap', async () => {
    const Module = load()
    const dist = buildFolder()
    const cache = handler(Module, dist, 200_000)
    await Module.diskIndex(dist).scanned
    const fetchCtx = { kind: 'FETCH', fetchCache: true, tags: ['type:article'], softTags: [] }
    for (let i = 0; i < 40; i++) {
      await cache.set(`fetch-${i}`, { kind: 'FETCH', data: { headers: {}, body: 'y'.repeat(10_000), status: 200, url: 'http://lake/q' }, revalidate: 3600 }, { ...fetchCtx, fetchIdx: i, fetchUrl: 'http://lake/q' })
    }
    expect(cacheBytesOnDisk(dist)).toBeLessThanOrEqual(200_000)
    expect(await cache.get('fetch-39', fetchCtx)).not.toBeNull()
    expect(await cache.get('fetch-0', fetchCtx)).toBeNull()
  })
})

describe('PAGE_CACHE_MAX_MB', () => {
  it.each([
    [undefined, DEFAULT_PAGE_CACHE_MAX_MB],
    ['', DEFAULT_PAGE_CACHE_MAX_MB],
    [' 256 ', 256],
    ['1', 1],
  ])('%p → %p MB', (raw, mb) => {
    expect(parsePageCacheMaxMb(raw)).toBe(mb)
  })

  it.each(['0', '-5', '1.5', '1e3', '10GB', 'lots', String(2 ** 40)])('refuses %p', (raw) => {
    expect(() => parsePageCacheMaxMb(raw)).toThrow(/is not a whole number of megabytes/)
  })
})
