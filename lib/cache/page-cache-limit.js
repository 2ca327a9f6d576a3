/**
 * PAGE_CACHE_MAX_MB: how much disk the page and fetch cache may use (ADR 0016). Read here, in
 * plain CommonJS, because the cache handler (bounded-file-cache.js) is loaded by Next at run time
 * uncompiled; lib/sanity/settings.ts validates the same variable with this function so a bad
 * value stops `npm start` with a message naming it.
 */
'use strict'

/** About 9,000 story pages (~110 KB each on disk): fits a small VPS disk beside the build. */
const DEFAULT_PAGE_CACHE_MAX_MB = 1024
const MIN_PAGE_CACHE_MAX_MB = 1
const MAX_PAGE_CACHE_MAX_MB = 1024 * 1024

/**
 * The cap in megabytes from the variable's value (undefined or blank: the default). Throws an
 * Error whose message names the problem (not the variable: the caller adds it).
 */
function parsePageCacheMaxMb(raw) {
  const value = typeof raw === 'string' ? raw.trim() : ''
  if (!value) return DEFAULT_PAGE_CACHE_MAX_MB
  const mb = Number(value)
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(mb) || mb < MIN_PAGE_CACHE_MAX_MB || mb > MAX_PAGE_CACHE_MAX_MB) {
    throw new Error(`"${value.slice(0, 40)}" is not a whole number of megabytes from ${MIN_PAGE_CACHE_MAX_MB} to ${MAX_PAGE_CACHE_MAX_MB}`)
  }
  return mb
}

module.exports = { DEFAULT_PAGE_CACHE_MAX_MB, parsePageCacheMaxMb }
