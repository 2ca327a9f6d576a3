// @ts-check
/**
 * Tag revalidation times shared by every site instance through Redis (REDIS_URL): the hash
 * `next-cache:tags`, tag → JSON `{at, stale?, expired?}`, where a Lua script keeps the time with
 * the later `at` (an instance back from a partition cannot roll a tag back). Each time is first
 * written to this machine's disk (revalidated-tags.js) marked pending; it stops being pending once
 * Redis holds it. So a time written while Redis is down, or by a process killed before it could
 * tell Redis, is told as soon as Redis answers again — never lost.
 */
'use strict'

const { markShared, pendingSharedTagTimes } = require('./revalidated-tags')
const { logRedisDown, onRedisReady, usableRedis } = require('./redis-connection')

/** Tag name → JSON {at, stale?, expired?} (ms since the epoch), shared by every build. */
const SHARED_TAGS_KEY = 'next-cache:tags'

/** Writes tag times, keeping the one with the later `at`. */
const WRITE_NEWER_TAG_TIMES = `
for i = 1, #ARGV, 2 do
  local old = redis.call('HGET', KEYS[1], ARGV[i])
  if not old or cjson.decode(old).at < cjson.decode(ARGV[i + 1]).at then redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
end
return 0`

/**
 * @typedef {import('./revalidated-tags').TagTimeEntry} TagTimeEntry
 * @typedef {import('better-sqlite3').Database} Database
 */

/**
 * Writes `entries` to Redis; false when Redis is down (or not configured).
 * @param {TagTimeEntry[]} entries
 * @returns {Promise<boolean>}
 */
async function writeSharedTagTimes(entries) {
  if (entries.length === 0) return true
  const client = await usableRedis()
  if (!client) return false
  try {
    await client.eval(WRITE_NEWER_TAG_TIMES, { keys: [SHARED_TAGS_KEY], arguments: entries.flatMap(([tag, time]) => [tag, JSON.stringify(time)]) })
    return true
  } catch (error) {
    logRedisDown(error)
    return false
  }
}

/**
 * The times Redis holds for `tags` (missing tags left out); undefined when Redis is down.
 * @param {string[]} tags
 * @returns {Promise<TagTimeEntry[] | undefined>}
 */
async function readSharedTagTimes(tags) {
  const client = await usableRedis()
  if (!client) return undefined
  try {
    const stored = await client.hmGet(SHARED_TAGS_KEY, tags)
    return tags.flatMap((tag, i) => (stored[i] ? [/** @type {TagTimeEntry} */ ([tag, JSON.parse(String(stored[i]))])] : []))
  } catch (error) {
    logRedisDown(error)
    return undefined
  }
}

/**
 * Tells Redis the times of `db` it does not hold yet; true when none is left pending.
 * @param {Database} db
 */
async function sharePendingTagTimes(db) {
  const pending = pendingSharedTagTimes(db)
  if (pending.length === 0) return true
  if (!(await writeSharedTagTimes(pending))) return false
  markShared(db, pending)
  return pendingSharedTagTimes(db).length === 0
}

/** @type {WeakSet<Database>} */
const watched = new WeakSet()

/**
 * Shares `db`'s pending times now, and again every time the connection to Redis becomes ready, for
 * as long as the process runs: a time recorded while Redis was down reaches it as soon as it is back.
 * @param {Database} db
 */
function keepSharingPendingTagTimes(db) {
  if (!watched.has(db)) {
    watched.add(db)
    onRedisReady(() => void sharePendingTagTimes(db).catch(logRedisDown))
  }
  return sharePendingTagTimes(db).catch((error) => {
    logRedisDown(error)
    return false
  })
}

module.exports = { SHARED_TAGS_KEY, writeSharedTagTimes, readSharedTagTimes, sharePendingTagTimes, keepSharingPendingTagTimes }
