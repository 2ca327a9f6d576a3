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
 * - revalidateTag: this process's tag manifest at once, and Redis (kept and written when Redis
 *   answers again if it is down).
 * Redis trouble never fails a request: the instance serves from its local cache and logs one line
 * at most every 30 s; when Redis is back (the client reconnects by itself) it is used again.
 *
 * Plain CommonJS, not compiled: Next's server import()s this file by its path at run time.
 */
'use strict'

const fs = require('node:fs')
const path = require('node:path')
const { createClient } = require('redis')
// Next's own file-system cache (used underneath as this instance's local copy) and its in-process
// tag manifest, which Next's IncrementalCache also reads: invalidation times from Redis are copied
// into it so Next's own staleness checks agree with ours.
// The local copy is Next's file-system cache with its disk use capped (bounded-file-cache.js).
const BoundedFileCache = require('./bounded-file-cache')
const { tagsManifest, areTagsExpired } = require('next/dist/server/lib/incremental-cache/tags-manifest.external')

const KEY_ROOT = 'next-cache'
/** Tag name → JSON {at, stale?, expired?} (ms since the epoch), shared by every build. */
const TAGS_KEY = `${KEY_ROOT}:tags`
/** Entries are dropped by Redis after two weeks unused; pages re-render on their next request. */
const ENTRY_TTL_SECONDS = 14 * 24 * 3600
/** A Redis command slower than this counts as Redis being down for this request. */
const COMMAND_TIMEOUT_MS = 500
/** After a failed command, requests skip Redis this long (the client keeps reconnecting). */
const FAILURE_BACKOFF_MS = 1000
const LOG_INTERVAL_MS = 30_000
const PAGE_TAGS_HEADER = 'x-next-cache-tags'

/** Writes tag times, keeping the one with the later `at` (an instance back from a partition may flush old ones). */
const WRITE_NEWER_TAG_TIMES = `
for i = 1, #ARGV, 2 do
  local old = redis.call('HGET', KEYS[1], ARGV[i])
  if not old or cjson.decode(old).at < cjson.decode(ARGV[i + 1]).at then redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
end
return 0`

/** One Redis connection per process (Next makes a handler per request). */
const shared = { client: undefined, connecting: undefined, label: '', failedAt: 0, lastLog: 0, wasDown: false, pendingTags: new Map() }

/** REDIS_URL without credentials, for logs. */
function redisLabel() {
  try {
    const url = new URL(process.env.REDIS_URL)
    return `${url.hostname}:${url.port || 6379}`
  } catch {
    return 'REDIS_URL'
  }
}

function logDown(error) {
  shared.failedAt = Date.now()
  shared.wasDown = true
  if (Date.now() - shared.lastLog < LOG_INTERVAL_MS) return
  shared.lastLog = Date.now()
  const reason = error instanceof Error ? error.message || error.name : String(error)
  console.error(`[cache] Redis at ${shared.label} is unavailable (${reason}): serving from this instance's local cache`)
}

/**
 * The connected client, or undefined while Redis is down (or just failed). Connects on first use
 * and waits for that first connection at most COMMAND_TIMEOUT_MS.
 */
async function usableClient() {
  if (!shared.client) {
    shared.label = redisLabel()
    const client = createClient({
      url: process.env.REDIS_URL,
      // Fail at once while disconnected instead of queueing behind a dead connection.
      disableOfflineQueue: true,
      commandOptions: { timeout: COMMAND_TIMEOUT_MS },
      socket: { connectTimeout: 1000, reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2000) },
    })
    client.on('error', logDown)
    client.on('ready', () => {
      shared.failedAt = 0
      if (shared.wasDown) console.error(`[cache] Redis at ${shared.label} answers again: using the shared cache`)
      shared.wasDown = false
      void flushPendingTags()
    })
    shared.connecting = client.connect().then(() => undefined, logDown)
    // A build worker or a test must be able to exit with the connection open.
    client.unref()
    shared.client = client
  }
  if (shared.connecting) {
    await Promise.race([shared.connecting, new Promise((resolve) => setTimeout(resolve, COMMAND_TIMEOUT_MS).unref())])
    shared.connecting = undefined
  }
  if (!shared.client.isReady || Date.now() - shared.failedAt < FAILURE_BACKOFF_MS) return undefined
  return shared.client
}

/** Tag times this process revalidated and Redis has not stored yet. */
async function flushPendingTags() {
  const client = await usableClient()
  if (!client || shared.pendingTags.size === 0) return
  const batch = new Map(shared.pendingTags)
  try {
    await client.eval(WRITE_NEWER_TAG_TIMES, { keys: [TAGS_KEY], arguments: [...batch].flatMap(([tag, entry]) => [tag, JSON.stringify(entry)]) })
    for (const [tag, entry] of batch) if (shared.pendingTags.get(tag) === entry) shared.pendingTags.delete(tag)
  } catch (error) {
    logDown(error)
  }
}

/** Copies the invalidation times Redis holds for `tags` into this process's tag manifest. */
async function syncTagTimes(client, tags) {
  const stored = await client.hmGet(TAGS_KEY, tags)
  tags.forEach((tag, i) => {
    if (!stored[i]) return
    const remote = JSON.parse(stored[i])
    const local = tagsManifest.get(tag)
    if (!local || (local.at ?? 0) < remote.at) tagsManifest.set(tag, remote)
  })
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
function buildIdOf(serverDistDir) {
  try {
    return fs.readFileSync(path.join(serverDistDir, '..', 'BUILD_ID'), 'utf8').trim()
  } catch {
    return 'no-build-id'
  }
}

class RedisCacheHandler {
  constructor(ctx) {
    this.local = new BoundedFileCache(ctx)
    this.entryPrefix = `${KEY_ROOT}:${buildIdOf(ctx.serverDistDir ?? '.')}:`
  }

  async get(key, ctx) {
    const client = await usableClient()
    let entry = null
    if (client) {
      try {
        const raw = await client.get(this.entryPrefix + key)
        entry = raw ? decode(raw) : null
        // The local copy's least-recently-used order follows what readers ask for.
        if (entry) this.local.touch(key, ctx.kind)
      } catch (error) {
        logDown(error)
      }
    }
    if (client && shared.pendingTags.size > 0) void flushPendingTags()
    entry ??= await this.local.get(key, ctx)
    if (!entry) return null
    const tags = tagsOf(entry, ctx)
    if (tags.length > 0 && client && (await usableClient())) {
      try {
        await syncTagTimes(client, tags)
      } catch (error) {
        logDown(error)
      }
    }
    // A tag invalidated after the entry was made: a miss, so the page or fetch is made afresh.
    return areTagsExpired(tags, entry.lastModified) ? null : entry
  }

  async set(key, data, ctx) {
    await this.local.set(key, data, ctx)
    const client = await usableClient()
    if (!client) return
    const value = data?.kind === 'FETCH' ? { ...data, tags: ctx.tags ?? [] } : data
    const entry = { value, lastModified: Date.now(), cacheControl: ctx.fetchCache ? undefined : ctx.cacheControl }
    try {
      await client.set(this.entryPrefix + key, encode(entry), { EX: ENTRY_TTL_SECONDS })
    } catch (error) {
      logDown(error)
    }
  }

  /** Same times as Next's file-system cache: no durations → expired now; {expire} → stale now, expired after it. */
  async revalidateTag(tags, durations) {
    const now = Date.now()
    for (const tag of typeof tags === 'string' ? [tags] : tags) {
      const times = durations ? { stale: now, ...(durations.expire !== undefined && { expired: now + durations.expire * 1000 }) } : { expired: now }
      const entry = { ...tagsManifest.get(tag), ...times, at: now }
      tagsManifest.set(tag, entry)
      shared.pendingTags.set(tag, entry)
    }
    await flushPendingTags()
  }

  resetRequestCache() {
    this.local.resetRequestCache()
  }
}

module.exports = RedisCacheHandler
// For tests: the entry codec and the per-process state.
module.exports.encode = encode
/** Closes this process's Redis connection (and its reconnect timers); for tests and shutdown. */
module.exports.disconnect = async function disconnect() {
  const client = shared.client
  shared.client = undefined
  shared.connecting = undefined
  if (client) await client.destroy()
}
module.exports.decode = decode
