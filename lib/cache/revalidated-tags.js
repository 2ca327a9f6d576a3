// @ts-check
/**
 * When each cache tag was last revalidated, kept on disk (site-state-db.js) so that a page or
 * fetch cached before a publish counts as stale or expired after a restart too, however the
 * process ended. The times are the ones Next's own cache computes for `revalidateTag(tag,
 * {expire})`: stale from now, expired `expire` seconds on (`0`: at once). `at` orders two times
 * of one tag (the later wins, whichever instance or process wrote them).
 *
 * Kept as long as a page they expire can be served: Next serves no cache entry older than its
 * `expire` (a year by default, the longest lifetime a tag time of ours has too), so a time older
 * than RETENTION_MS can no longer change an answer and is dropped.
 */
'use strict'

/** Next's default `expireTime` and the `expire` of its `max` cache profile: one year. */
const RETENTION_MS = 365 * 24 * 60 * 60 * 1000

/**
 * @typedef {{ at: number, stale?: number, expired?: number }} TagTime
 * @typedef {[tag: string, time: TagTime]} TagTimeEntry
 */

/**
 * The time Next records for a revalidation at `now`: `durations.expire` seconds (stale now,
 * expired then), or no durations (expired now).
 * @param {string} tag
 * @param {{ expire?: number } | undefined} durations
 * @param {number} now
 * @returns {TagTimeEntry}
 */
function tagTimeFor(tag, durations, now) {
  if (!durations) return [tag, { at: now, expired: now }]
  return [tag, { at: now, stale: now, ...(durations.expire !== undefined && { expired: now + durations.expire * 1000 }) }]
}

/**
 * Stores `entries` in one fsynced transaction, keeping for each tag the time with the later `at`.
 * `sharedPending`: Redis must be told too (cleared by `markShared` once it holds them).
 * @param {import('better-sqlite3').Database} db
 * @param {TagTimeEntry[]} entries
 * @param {{ sharedPending: boolean }} options
 */
function recordTagTimes(db, entries, { sharedPending }) {
  const upsert = db.prepare(`
    INSERT INTO revalidated_tags (tag, at, stale, expired, shared_pending) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT(tag) DO UPDATE SET at = excluded.at, stale = excluded.stale, expired = excluded.expired, shared_pending = excluded.shared_pending
    WHERE excluded.at >= revalidated_tags.at`)
  db.transaction(() => {
    for (const [tag, time] of entries) upsert.run(tag, time.at, time.stale ?? null, time.expired ?? null, sharedPending ? 1 : 0)
  })()
}

/** @param {{ tag: string, at: number, stale: number | null, expired: number | null }} row @returns {TagTimeEntry} */
function entryOf(row) {
  return [row.tag, { at: row.at, ...(row.stale !== null && { stale: row.stale }), ...(row.expired !== null && { expired: row.expired }) }]
}

/**
 * Every stored time still able to expire a servable page (older ones are deleted).
 * @param {import('better-sqlite3').Database} db
 * @param {number} [now]
 * @returns {TagTimeEntry[]}
 */
function storedTagTimes(db, now = Date.now()) {
  db.prepare('DELETE FROM revalidated_tags WHERE at < ? AND shared_pending = 0').run(now - RETENTION_MS)
  return db.prepare('SELECT tag, at, stale, expired FROM revalidated_tags').all().map((row) => entryOf(/** @type {any} */ (row)))
}

/**
 * Times Redis does not hold yet (written while it was down, or by a process that ended first).
 * @param {import('better-sqlite3').Database} db
 * @returns {TagTimeEntry[]}
 */
function pendingSharedTagTimes(db) {
  return db.prepare('SELECT tag, at, stale, expired FROM revalidated_tags WHERE shared_pending = 1 LIMIT 10000').all().map((row) => entryOf(/** @type {any} */ (row)))
}

/**
 * Redis now holds `entries`: no longer pending (unless a later time of the tag was written since).
 * @param {import('better-sqlite3').Database} db
 * @param {TagTimeEntry[]} entries
 */
function markShared(db, entries) {
  const mark = db.prepare('UPDATE revalidated_tags SET shared_pending = 0 WHERE tag = ? AND at = ?')
  db.transaction(() => {
    for (const [tag, time] of entries) mark.run(tag, time.at)
  })()
}

module.exports = { RETENTION_MS, tagTimeFor, recordTagTimes, storedTagTimes, pendingSharedTagTimes, markShared }
