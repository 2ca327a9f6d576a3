/**
 * Tag revalidation times kept on disk (lib/cache/revalidated-tags.js, site-state-db.js) and loaded
 * into Next's own tag manifest (next-tag-manifest.js), as the site's server does when it starts:
 * Next's cache then treats what was cached before a publish as expired or stale, exactly as it
 * did before the restart. The times are the ones Next's file-system cache computes itself.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

type TagTime = { at: number; stale?: number; expired?: number }
type Entry = [string, TagTime]
type RevalidatedTags = {
  RETENTION_MS: number
  tagTimeFor(tag: string, durations: { expire?: number } | undefined, now: number): Entry
  recordTagTimes(db: unknown, entries: Entry[], options: { sharedPending: boolean }): void
  storedTagTimes(db: unknown, now?: number): Entry[]
  pendingSharedTagTimes(db: unknown): Entry[]
  markShared(db: unknown, entries: Entry[]): void
}
type Manifest = { tagsManifest: Map<string, TagTime>; areTagsExpired(tags: string[], at: number): boolean; areTagsStale(tags: string[], at: number): boolean }

/** One site-server process: its own copies of the modules, and so of Next's tag manifest. */
function serverProcess() {
  let loaded: { tags: RevalidatedTags; db: { openSiteStateDb(dir?: string): unknown; closeSiteStateDbs(): void }; loader: { loadDurableTagTimes(dir?: string): number }; next: Manifest } | undefined
  jest.isolateModules(() => {
    loaded = {
      tags: jest.requireActual('@/lib/cache/revalidated-tags'),
      db: jest.requireActual('@/lib/cache/site-state-db'),
      loader: jest.requireActual('@/lib/cache/next-tag-manifest'),
      next: jest.requireActual('next/dist/server/lib/incremental-cache/tags-manifest.external'),
    }
  })
  return loaded!
}

const stateDir = process.env.SITE_STATE_DIR as string
const now = Date.now()

afterEach(() => {
  serverProcess().db.closeSiteStateDbs()
  fs.rmSync(path.join(stateDir, 'site-state.sqlite'), { force: true })
})

describe('tag revalidation times on disk', () => {
  it("are the times Next's own file-system cache records for the same revalidation", async () => {
    const server = serverProcess()
    const distDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-cache-'))
    try {
      // Next's file-system cache and the manifest it writes, from one module registry.
      let nextManifest: Map<string, TagTime> | undefined
      let cache: { revalidateTag(tags: string[], durations?: { expire?: number }): Promise<void> } | undefined
      jest.isolateModules(() => {
        nextManifest = jest.requireActual('next/dist/server/lib/incremental-cache/tags-manifest.external').tagsManifest
        const Cache = jest.requireActual('next/dist/server/lib/incremental-cache/file-system-cache').default
        cache = new Cache({ fs: jest.requireActual('next/dist/server/lib/node-fs-methods').nodeFs, serverDistDir: distDir, flushToDisk: false, revalidatedTags: [] })
      })
      jest.useFakeTimers({ now, doNotFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'nextTick', 'queueMicrotask', 'performance', 'hrtime'] })
      try {
        await cache!.revalidateTag(['a'], { expire: 0 })
        await cache!.revalidateTag(['b'], { expire: 3600 })
        await cache!.revalidateTag(['c'])
      } finally {
        jest.useRealTimers()
      }
      for (const [tag, durations] of [['a', { expire: 0 }], ['b', { expire: 3600 }], ['c', undefined]] as const) {
        const [, { at, ...times }] = server.tags.tagTimeFor(tag, durations, now)
        expect(at).toBe(now)
        expect(times).toEqual(nextManifest!.get(tag))
      }
    } finally {
      fs.rmSync(distDir, { recursive: true, force: true })
    }
  })

  it('make a page cached before the publish expired, and a list stale, in a server started afterwards', () => {
    const writer = serverProcess()
    const db = writer.db.openSiteStateDb()
    const publishedAt = now - 1000
    writer.tags.recordTagTimes(db, [writer.tags.tagTimeFor('article:gone', { expire: 0 }, publishedAt), writer.tags.tagTimeFor('type:article', { expire: 365 * 24 * 3600 }, publishedAt)], { sharedPending: false })
    writer.db.closeSiteStateDbs()

    const restarted = serverProcess()
    expect(restarted.next.areTagsExpired(['article:gone'], publishedAt - 5000)).toBe(false)
    expect(restarted.loader.loadDurableTagTimes()).toBe(2)
    // Cached before the publish: the story's page is a miss, its section page is served stale once.
    expect(restarted.next.areTagsExpired(['article:gone'], publishedAt - 5000)).toBe(true)
    expect(restarted.next.areTagsExpired(['type:article'], publishedAt - 5000)).toBe(false)
    expect(restarted.next.areTagsStale(['type:article'], publishedAt - 5000)).toBe(true)
    // Rendered after the publish: fresh.
    expect(restarted.next.areTagsExpired(['article:gone', 'type:article'], publishedAt + 1)).toBe(false)
    expect(restarted.next.areTagsStale(['article:gone', 'type:article'], publishedAt + 1)).toBe(false)
  })

  it('keep the later time of a tag whichever order they arrive in (two instances, a late retry)', () => {
    const server = serverProcess()
    const db = server.db.openSiteStateDb()
    const later = server.tags.tagTimeFor('article:x', { expire: 0 }, now)
    const earlier = server.tags.tagTimeFor('article:x', { expire: 0 }, now - 60_000)
    server.tags.recordTagTimes(db, [later], { sharedPending: false })
    server.tags.recordTagTimes(db, [earlier], { sharedPending: false })
    expect(server.tags.storedTagTimes(db, now)).toEqual([later])
    const latest = server.tags.tagTimeFor('article:x', { expire: 0 }, now + 5)
    server.tags.recordTagTimes(db, [latest], { sharedPending: false })
    expect(server.tags.storedTagTimes(db, now)).toEqual([latest])
  })

  it('are kept as long as a page they expire can be served (a year), then dropped', () => {
    const server = serverProcess()
    const db = server.db.openSiteStateDb()
    const old = server.tags.tagTimeFor('article:old', { expire: 0 }, now - server.tags.RETENTION_MS - 1)
    const recent = server.tags.tagTimeFor('article:recent', { expire: 0 }, now - server.tags.RETENTION_MS + 60_000)
    server.tags.recordTagTimes(db, [old, recent], { sharedPending: false })
    expect(server.tags.storedTagTimes(db, now).map(([tag]) => tag)).toEqual(['article:recent'])
    expect(server.tags.RETENTION_MS).toBe(365 * 24 * 3600 * 1000)
  })

  it('stay pending for Redis until it holds them (a later time of the tag stays pending)', () => {
    const server = serverProcess()
    const db = server.db.openSiteStateDb()
    const first = server.tags.tagTimeFor('type:article', { expire: 0 }, now)
    server.tags.recordTagTimes(db, [first], { sharedPending: true })
    expect(server.tags.pendingSharedTagTimes(db)).toEqual([first])
    const second = server.tags.tagTimeFor('type:article', { expire: 0 }, now + 1)
    server.tags.recordTagTimes(db, [second], { sharedPending: true })
    server.tags.markShared(db, [first])
    expect(server.tags.pendingSharedTagTimes(db)).toEqual([second])
    server.tags.markShared(db, [second])
    expect(server.tags.pendingSharedTagTimes(db)).toEqual([])
    // Pending times are never dropped for their age: Redis must get them.
    server.tags.recordTagTimes(db, [server.tags.tagTimeFor('article:ancient', undefined, now - 2 * server.tags.RETENTION_MS)], { sharedPending: true })
    expect(server.tags.storedTagTimes(db, now).map(([tag]) => tag)).toContain('article:ancient')
  })

  it('live in a folder and a file only the site user can read, beside the page cache by default', () => {
    const server = serverProcess()
    server.db.openSiteStateDb()
    expect(fs.statSync(stateDir).mode & 0o777).toBe(0o700)
    expect(fs.statSync(path.join(stateDir, 'site-state.sqlite')).mode & 0o777).toBe(0o600)
    const saved = process.env.SITE_STATE_DIR
    delete process.env.SITE_STATE_DIR
    try {
      expect(jest.requireActual('@/lib/cache/site-state-db').siteStateDir('/srv/site/.next')).toBe('/srv/site/.next/cache/newsroom')
    } finally {
      process.env.SITE_STATE_DIR = saved
    }
  })
})
