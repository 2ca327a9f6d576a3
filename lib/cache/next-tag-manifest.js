// @ts-check
/**
 * Next's in-process tag manifest (which its IncrementalCache and file-system cache consult on
 * every read: an entry older than a tag's `expired` time is a miss, older than its `stale` time is
 * served stale while it renders again) filled from the durable tag times (revalidated-tags.js),
 * keeping the later time of a tag. The site's server loads them before Next serves anything, so a
 * page cached before a publish stays expired after a restart.
 *
 * `tags-manifest.external` is not public API (ADR 0008): Next is pinned, and the tests
 * (`__tests__/cache/durable-tag-times.test.ts`, `browser-tests/durable-publish.test.ts`) fail if
 * an upgrade moves it. Only code Next does not bundle loads this module (the site's server, the
 * cache handler): a bundled copy would hold a manifest of its own.
 */
'use strict'

const { tagsManifest } = require('next/dist/server/lib/incremental-cache/tags-manifest.external')
const { storedTagTimes } = require('./revalidated-tags')
const { openSiteStateDb } = require('./site-state-db')

/**
 * @param {import('./revalidated-tags').TagTimeEntry[]} entries
 */
function applyTagTimes(entries) {
  for (const [tag, time] of entries) {
    const local = tagsManifest.get(tag)
    // Next's own entries carry no `at`: ours (from disk or Redis) win over them.
    const localAt = /** @type {{ at?: number } | undefined} */ (local)?.at ?? 0
    if (!local || localAt < time.at) tagsManifest.set(tag, time)
  }
}

/**
 * Loads the times kept for the build in `distDir` (site-state-db.js) into Next's tag manifest;
 * returns how many.
 * @param {string} [distDir]
 */
function loadDurableTagTimes(distDir) {
  const entries = storedTagTimes(openSiteStateDb(distDir))
  applyTagTimes(entries)
  return entries.length
}

module.exports = { applyTagTimes, loadDurableTagTimes, tagsManifest }
