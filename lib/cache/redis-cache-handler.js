/**
 * Next.js incremental-cache handler shared by every site instance through Redis (pages/ISR and
 * tagged fetches). next.config.js sets it as `cacheHandler` only when REDIS_URL is set; without
 * it Next keeps its own file-system cache. Why a small handler of our own: see
 * docs/decisions/0008-shared-cache.md.
 *
 * - get: the entry in Redis; on a miss, or while Redis is down, Next's own file-system cache of
 *   this instance (the build's prerendered pages and earlier renders). Either way the entry's tags
 *   are checked against the tag invalidation times kept in Redis, so a publish revalidated on one
 *   instance is seen by all of them on their next request.
 * - set: the local cache always (the fallback stays warm), Redis when it answers.
 * - revalidateTag: this process's tag manifest at once, this machine's disk (revalidated-tags.js,
 *   marked pending) and Redis (shared-tag-times.js: a time Redis missed is written as soon as it
 *   answers again, even after a restart).
 * Redis trouble never fails a request (redis-connection.js): the instance serves from its local
 * cache and logs one line at most every 30 s; when Redis is back it is used again.
 *
 * Plain CommonJS, not compiled: Next's server import()s this file by its path at run time.
 */
'use strict'

const fs = require('node:fs')
const path = require('node:path')
// Next's own file-system cache (used underneath as this instance's local copy) and its in-process
// tag manifest, which Next's IncrementalCache also reads: invalidation times from Redis and from
// this machine's disk are copied into it so Next's own staleness checks agree with ours.
// The local copy is Next's file-system cache with its disk use capped (bounded-file-cache.js).
const BoundedFileCache = require('./bounded-file-cache')
const { areTagsExpired } = require('next/dist/server/lib/incremental-cache/tags-manifest.external')
const { applyTagTimes, loadDurableTagTimes, tagsManifest } = require('./next-tag-manifest')
const { disconnectRedis, logRedisDown, usableRedis } = require('./redis-connection')
const { recordTagTimes, tagTimeFor } = require('./revalidated-tags')
const { keepSharingPendingTagTimes, readSharedTagTimes } = require('./shared-tag-times')
const { openSiteStateDb } = require('./site-state-db')

const KEY_ROOT = 'next-cache'
/** Entries are dropped by Redis after two weeks unused; pages re-render on their next request. */
const ENTRY_TTL_SECONDS = 14 * 24 * 3600
const PAGE_TAGS_HEADER = 'x-next-cache-tags'

/** State databases whose pending times this process shares with Redis (one per build folder). */
const sharing = new Map()

/** The state database of the build in `distDir`: its times loaded into the manifest, its pending ones shared, once per process. */
function stateOf(distDir) {
  let db = sharing.get(distDir)
  if (!db) {
    db = openSiteStateDb(distDir)
    sharing.set(distDir, db)
    loadDurableTagTimes(distDir)
    void keepSharingPendingTagTimes(db)
  }
  return db
}

/** The tags an entry depends on: a fetch's own and implied tags, or a page's header. */
function tagsOf(entry, ctx) {
  const value = entry.value
  if (value?.kind === 'FETCH') return [...new Set([...(ctx.tags ?? []), ...(ctx.softTags ?? []), ...(value.tags ?? [])])]
  const header = value?.headers?.[PAGE_TAGS_HEADER]
  return typeof header === 'string' && header ? header.split(',') : []
}

/** JSON with Buffers (RSC payloads, route bodies) and Maps (segment data) kept. */
function encode(entry) {
  return JSON.stringify(entry, function (key, value) {
    const original = this[key]
    if (original instanceof Uint8Array) return { $bytes: Buffer.from(original.buffer, original.byteOffset, original.byteLength).toString('base64') }
    if (original instanceof Map) return { $map: [...original] }
    return value
  })
}

function decode(raw) {
  return JSON.parse(raw, (_key, value) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      if (typeof value.$bytes === 'string') return Buffer.from(value.$bytes, 'base64')
      if (Array.isArray(value.$map)) return new Map(value.$map)
    }
    return value
  })
}

/** The build's id: entries of one build never serve another (their pages name its JavaScript chunks). */
function buildIdOf(distDir) {
  try {
    return fs.readFileSync(path.join(distDir, 'BUILD_ID'), 'utf8').trim()
  } catch {
    return 'no-build-id'
  }
}

class RedisCacheHandler {
  constructor(ctx) {
    this.local = new BoundedFileCache(ctx)
    const distDir = path.resolve(ctx.serverDistDir ?? 'server', '..')
    this.entryPrefix = `${KEY_ROOT}:${buildIdOf(distDir)}:`
    this.state = stateOf(distDir)
  }

  async get(key, ctx) {
    const client = await usableRedis()
    let entry = null
    if (client) {
      try {
        const raw = await client.get(this.entryPrefix + key)
        entry = raw ? decode(raw) : null
        // The local copy's least-recently-used order follows what readers ask for.
        if (entry) this.local.touch(key, ctx.kind)
      } catch (error) {
        logRedisDown(error)
      }
    }
    entry ??= await this.local.get(key, ctx)
    if (!entry) return null
    const tags = tagsOf(entry, ctx)
    if (tags.length > 0 && client) applyTagTimes((await readSharedTagTimes(tags)) ?? [])
    // A tag invalidated after the entry was made: a miss, so the page or fetch is made afresh.
    return areTagsExpired(tags, entry.lastModified) ? null : entry
  }

  async set(key, data, ctx) {
    await this.local.set(key, data, ctx)
    const client = await usableRedis()
    if (!client) return
    const value = data?.kind === 'FETCH' ? { ...data, tags: ctx.tags ?? [] } : data
    const entry = { value, lastModified: Date.now(), cacheControl: ctx.fetchCache ? undefined : ctx.cacheControl }
    try {
      await client.set(this.entryPrefix + key, encode(entry), { EX: ENTRY_TTL_SECONDS })
    } catch (error) {
      logRedisDown(error)
    }
  }

  /**
   * Same times as Next's file-system cache (no durations → expired now; {expire} → stale now,
   * expired after it), kept on disk as pending for Redis, then shared.
   */
  async revalidateTag(tags, durations) {
    const now = Date.now()
    const entries = (typeof tags === 'string' ? [tags] : tags).map((tag) => tagTimeFor(tag, durations, now))
    for (const [tag, time] of entries) tagsManifest.set(tag, { ...tagsManifest.get(tag), ...time })
    recordTagTimes(this.state, entries, { sharedPending: true })
    await keepSharingPendingTagTimes(this.state)
  }

  resetRequestCache() {
    this.local.resetRequestCache()
  }
}

module.exports = RedisCacheHandler
// For tests: the entry codec and the per-process state.
module.exports.encode = encode
/** Closes this process's Redis connection (and its reconnect timers); for tests and shutdown. */
module.exports.disconnect = disconnectRedis
module.exports.decode = decode
