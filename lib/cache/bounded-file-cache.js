/**
 * Next.js incremental-cache handler for one machine: Next's own file-system cache, with a cap on
 * the disk its entries use (PAGE_CACHE_MAX_MB) and least-recently-used eviction (ADR 0016).
 * next.config.js sets it as `cacheHandler` when there is no REDIS_URL; the Redis handler uses it
 * as each instance's local copy. Without a cap, every story a crawler asks for stays on disk for
 * good (~110 KB a page: 100,000 stories would be ~11 GB).
 *
 * - get / set: Next's FileSystemCache does the work; this module records each entry's bytes on disk
 *   (its `.html`, `.rsc`, `.meta`, `.body` files and `.segments` folder, or one fetch-cache file)
 *   and when it was last used. After a set that takes the total past the cap, the least recently
 *   used entries are deleted (files and Next's in-memory copy) until the total is 90 % of the cap.
 *   An evicted page is a cache miss: Next renders it again on its next request.
 * - Entries already on disk when the process starts (the build's prerendered pages, earlier runs)
 *   are found by a scan in the background, oldest first by modification time.
 * - Tags and revalidation are FileSystemCache's own (inherited): nothing here touches them.
 * - Never evicted: Next's own error pages (`_not-found`, `_global-error`: the site's server reads
 *   the built 404 page) and the entry just written.
 *
 * Plain CommonJS, not compiled: Next's server import()s this file by its path at run time.
 */
'use strict'

const fs = require('node:fs/promises')
const path = require('node:path')
const FileSystemCache = require('next/dist/server/lib/incremental-cache/file-system-cache').default
const { parsePageCacheMaxMb } = require('./page-cache-limit')

/** After eviction the total is at most this share of the cap (so not every set evicts). */
const LOW_WATER = 0.9
/** Files of a page or route entry, beside its base path. */
const RESPONSE_SUFFIXES = ['.html', '.rsc', '.meta', '.body', '.json']
const SEGMENTS_SUFFIX = '.segments'
const KIND_OF_VALUE = { APP_PAGE: 'APP_PAGE', APP_ROUTE: 'APP_ROUTE', PAGES: 'PAGES', FETCH: 'FETCH' }

async function sizeOf(file) {
  try {
    const stat = await fs.lstat(file)
    if (!stat.isDirectory()) return stat.size
    let total = 0
    for (const name of await fs.readdir(file)) total += await sizeOf(path.join(file, name))
    return total
  } catch {
    return 0
  }
}

/** The files of the entry at `base` (a fetch is one file; a page or route has siblings). */
function entryFiles(base, kind) {
  return kind === 'FETCH' ? [base] : [...RESPONSE_SUFFIXES.map((suffix) => base + suffix), base + SEGMENTS_SUFFIX]
}

/** The disk entries of one build (one `serverDistDir`), shared by the handlers Next makes per request. */
class DiskIndex {
  constructor(serverDistDir, maxBytes) {
    this.serverDistDir = serverDistDir
    this.maxBytes = maxBytes
    /** base path → {key, kind, bytes}; Map order is least recently used first. */
    this.entries = new Map()
    this.totalBytes = 0
    this.evicting = null
    this.scanned = this.scan().catch(() => undefined)
  }

  isProtected(base) {
    return path.basename(base).startsWith('_')
  }

  touch(base) {
    const entry = this.entries.get(base)
    if (!entry) return
    this.entries.delete(base)
    this.entries.set(base, entry)
  }

  async record(base, key, kind) {
    const bytes = (await Promise.all(entryFiles(base, kind).map(sizeOf))).reduce((a, b) => a + b, 0)
    const previous = this.entries.get(base)
    if (previous) this.totalBytes -= previous.bytes
    this.entries.delete(base)
    if (bytes === 0) return
    this.entries.set(base, { key, kind, bytes })
    this.totalBytes += bytes
  }

  /** Deletes least recently used entries until the total is under the low-water mark. */
  async evict(keep) {
    if (this.totalBytes <= this.maxBytes) return
    if (this.evicting) return this.evicting
    this.evicting = (async () => {
      const target = this.maxBytes * LOW_WATER
      for (const [base, entry] of [...this.entries]) {
        if (this.totalBytes <= target) break
        if (base === keep || this.isProtected(base) || !this.entries.has(base)) continue
        this.entries.delete(base)
        this.totalBytes -= entry.bytes
        FileSystemCache.memoryCache?.remove?.(entry.key)
        await Promise.all(entryFiles(base, entry.kind).map((file) => fs.rm(file, { recursive: true, force: true })))
      }
    })().finally(() => {
      this.evicting = null
    })
    return this.evicting
  }

  /** Entries already on disk: pages and routes by their `.meta` file, fetches by their file. */
  async scan() {
    const found = []
    const walk = async (dir, visit) => {
      let names
      try {
        names = await fs.readdir(dir, { withFileTypes: true })
      } catch {
        return
      }
      for (const item of names) {
        const full = path.join(dir, item.name)
        if (item.isDirectory()) {
          if (!item.name.endsWith(SEGMENTS_SUFFIX)) await walk(full, visit)
        } else await visit(full)
      }
    }
    const appRoot = path.join(this.serverDistDir, 'app')
    const visitResponse = (root, keyOf) => async (file) => {
      if (!file.endsWith('.meta')) return
      const base = file.slice(0, -'.meta'.length)
      const kind = (await sizeOf(`${base}.body`)) > 0 ? 'APP_ROUTE' : 'APP_PAGE'
      const stat = await fs.stat(file).catch(() => null)
      if (stat) found.push({ base, key: keyOf(base), kind, mtime: stat.mtimeMs })
    }
    await walk(appRoot, visitResponse(appRoot, (base) => `/${path.relative(appRoot, base)}`))
    const routeCache = path.join(this.serverDistDir, 'route-cache')
    await walk(routeCache, visitResponse(routeCache, (base) => `/${path.relative(this.serverDistDir, base)}`))
    const fetchRoot = path.join(this.serverDistDir, '..', 'cache', 'fetch-cache')
    await walk(fetchRoot, async (file) => {
      const stat = await fs.stat(file).catch(() => null)
      if (stat) found.push({ base: file, key: path.basename(file), kind: 'FETCH', mtime: stat.mtimeMs })
    })
    found.sort((a, b) => a.mtime - b.mtime)
    const sized = []
    for (const item of found) {
      const bytes = (await Promise.all(entryFiles(item.base, item.kind).map(sizeOf))).reduce((a, b) => a + b, 0)
      if (bytes > 0) sized.push({ ...item, bytes })
    }
    // One synchronous merge: entries recorded or used while the scan ran are the most recent, after
    // everything found on disk.
    const merged = new Map()
    let total = 0
    for (const { base, key, kind, bytes } of sized) {
      if (this.entries.has(base)) continue
      merged.set(base, { key, kind, bytes })
      total += bytes
    }
    for (const [base, entry] of this.entries) {
      merged.set(base, entry)
      total += entry.bytes
    }
    this.entries = merged
    this.totalBytes = total
    await this.evict(null)
  }
}

const indexes = new Map()

/** The index of `serverDistDir`'s entries, made on first use (`maxBytes` for tests; else PAGE_CACHE_MAX_MB). */
function diskIndex(serverDistDir, maxBytes) {
  let index = indexes.get(serverDistDir)
  if (!index) {
    index = new DiskIndex(serverDistDir, maxBytes ?? parsePageCacheMaxMb(process.env.PAGE_CACHE_MAX_MB) * 1024 * 1024)
    indexes.set(serverDistDir, index)
  }
  return index
}

class BoundedFileCache extends FileSystemCache {
  constructor(ctx) {
    super(ctx)
    this.index = ctx.serverDistDir && ctx.flushToDisk !== false ? diskIndex(ctx.serverDistDir, ctx.maxDiskBytes) : null
  }

  /** The base path of `key`'s files for an entry of `kind`, or null (not on disk). */
  basePath(key, kind) {
    try {
      return this.getFilePath(key, kind)
    } catch {
      return null
    }
  }

  async get(key, ctx) {
    const entry = await super.get(key, ctx)
    if (entry && this.index) {
      const base = this.basePath(key, ctx.kind)
      // An entry not known yet was written without a set: Next copies a build's prerendered page
      // to its runtime path on first read. It is counted now.
      if (base && this.index.entries.has(base)) this.index.touch(base)
      else if (base) await this.index.record(base, key, ctx.kind).then(() => this.index.evict(base))
    }
    return entry
  }

  /** Marks `key` as just used without reading it (the Redis handler, when Redis answered). */
  touch(key, kind) {
    const base = this.index ? this.basePath(key, kind) : null
    if (base) this.index.touch(base)
  }

  async set(key, data, ctx) {
    await super.set(key, data, ctx)
    const kind = data ? KIND_OF_VALUE[data.kind] : undefined
    if (!this.index || !kind) return
    const base = this.basePath(key, kind)
    if (!base) return
    await this.index.record(base, key, kind)
    await this.index.evict(base)
  }
}

module.exports = BoundedFileCache
/** For tests: the index of a build folder (entries, total bytes, the background scan). */
module.exports.diskIndex = diskIndex
module.exports.forgetDiskIndexes = () => indexes.clear()
