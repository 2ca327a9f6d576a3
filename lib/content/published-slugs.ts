/**
 * Which slugs are published, answered for the front door (lib/routing/front-door.ts) before any page renders,
 * so that an unknown URL never reaches Next's page cache.
 *
 * Front-door code cannot use Next's data cache (`fetch` tags and revalidate have no effect there), so
 * the set lives in this process: a slug confirmed as published is trusted for `maxAgeMs`, then
 * confirmed again; the publish webhook forgets the slugs it touches at once (`forgetSlugsForTags`,
 * called by app/api/revalidate). Only real slugs get in, so an attacker cannot grow it. A slug
 * not confirmed recently is always checked with the lake, uncached, so an article published a
 * moment ago serves at once, webhook or not. Checks are batched: at most one query per document
 * type is in flight, carrying every slug asked about meanwhile (a slug asked twice shares one answer).
 */
import { z } from 'zod'
import { getUncachedPublishedClient } from '@/lib/sanity/client'
import { articleSlugTag, typeTag } from './tags'

/** The published documents of `$type` among `$slugs` (indexed by slug in the lake). */
export const publishedSlugsAmongQuery = `*[_type == $type && slug.current in $slugs].slug.current`
export const publishedSlugsAmongModel = z.array(z.string())

/** Asks the content backend which of `slugs` are published; throws when it cannot answer. */
export type FindPublishedSlugs = (slugs: string[], signal: AbortSignal) => Promise<string[]>

export type SlugAnswer = 'published' | 'unknown' | 'busy'

export type PublishedSlugCheck = {
  /**
   * 'published', 'unknown', or 'busy' when too many checks wait already. When the backend
   * cannot answer: 'published' for a slug confirmed before (its page is likely cached), else throws.
   */
  check(slug: string): Promise<SlugAnswer>
  /** Drops `slug` (or every slug) from memory: its next check asks the lake again. */
  forget(slug?: string): void
  /** How many slugs are remembered (for tests and diagnostics). */
  readonly knownCount: number
}

export type PublishedSlugCheckOptions = {
  find: FindPublishedSlugs
  /** How long a confirmed slug is trusted without asking again. */
  maxAgeMs?: number
  /** Slugs per query. */
  maxBatch?: number
  /** Checks allowed to wait; beyond it the answer is 'busy'. */
  maxWaiting?: number
  /** Remembered slugs; the memory is cleared when it would grow past this. */
  maxKnown?: number
  /** Per query. */
  timeoutMs?: number
  /** After a failed query, checks fail at once for this long instead of each waiting on the backend. */
  failureBackoffMs?: number
  now?: () => number
}

type Waiting = { slug: string; resolve: (published: boolean) => void; reject: (error: unknown) => void }

export const PUBLISHED_SLUG_MAX_AGE_MS = 60_000

export function createPublishedSlugCheck({
  find,
  maxAgeMs = PUBLISHED_SLUG_MAX_AGE_MS,
  maxBatch = 100,
  maxWaiting = 2000,
  maxKnown = 100_000,
  timeoutMs = 5000,
  failureBackoffMs = 2000,
  now = Date.now,
}: PublishedSlugCheckOptions): PublishedSlugCheck {
  /** slug → when it was last confirmed as published. */
  const known = new Map<string, number>()
  let waiting: Waiting[] = []
  let running = false
  let lastFailure: { at: number; error: unknown } | undefined

  async function drain() {
    running = true
    try {
      while (waiting.length > 0) {
        const batch = waiting.slice(0, maxBatch)
        waiting = waiting.slice(batch.length)
        const slugs = [...new Set(batch.map((item) => item.slug))]
        try {
          const found = new Set(await find(slugs, AbortSignal.timeout(timeoutMs)))
          const at = now()
          for (const slug of slugs) {
            if (!found.has(slug)) known.delete(slug)
            else {
              if (known.size >= maxKnown && !known.has(slug)) known.clear()
              known.set(slug, at)
            }
          }
          for (const item of batch) item.resolve(found.has(item.slug))
          lastFailure = undefined
        } catch (error) {
          lastFailure = { at: now(), error }
          for (const item of batch) item.reject(error)
        }
      }
    } finally {
      running = false
    }
  }

  /** Checks asked and not answered yet, by slug: a slug asked again meanwhile shares the answer. */
  const pending = new Map<string, Promise<boolean>>()

  function ask(slug: string): Promise<boolean> {
    const shared = pending.get(slug)
    if (shared) return shared
    const answer = new Promise<boolean>((resolve, reject) => {
      waiting.push({ slug, resolve, reject })
      if (!running) void drain()
    }).finally(() => pending.delete(slug))
    pending.set(slug, answer)
    return answer
  }

  return {
    async check(slug) {
      const confirmedAt = known.get(slug)
      const confirmedBefore = confirmedAt !== undefined
      if (confirmedBefore && now() - confirmedAt < maxAgeMs) return 'published'
      if (waiting.length >= maxWaiting) return confirmedBefore ? 'published' : 'busy'
      if (lastFailure && now() - lastFailure.at < failureBackoffMs) {
        if (confirmedBefore) return 'published'
        throw lastFailure.error
      }
      try {
        return (await ask(slug)) ? 'published' : 'unknown'
      } catch (error) {
        if (confirmedBefore) return 'published'
        throw error
      }
    },
    forget(slug) {
      if (slug === undefined) known.clear()
      else known.delete(slug)
    },
    get knownCount() {
      return known.size
    },
  }
}

/** `find` for one document type, through the site's published (anonymous) client. */
export function findPublishedSlugsOfType(type: 'article' | 'section'): FindPublishedSlugs {
  return async (slugs, signal) => {
    const options = { signal, cache: 'no-store' as const }
    const raw = await getUncachedPublishedClient().fetch<unknown>(publishedSlugsAmongQuery, { type, slugs }, options)
    const parsed = publishedSlugsAmongModel.safeParse(raw)
    if (!parsed.success) throw new Error(`published ${type} slugs: expected an array of slugs`)
    return parsed.data
  }
}

type PublishedSlugChecks = { article: PublishedSlugCheck; section: PublishedSlugCheck }

/**
 * The process-wide checks (one memory per document type), kept on `globalThis` because the front door
 * (loaded by the site's server) and the revalidation route (bundled by Next) run in one process.
 */
const CHECKS = Symbol.for('newsroom.publishedSlugChecks')

export function publishedSlugChecks(): PublishedSlugChecks {
  const registry = globalThis as { [CHECKS]?: PublishedSlugChecks }
  registry[CHECKS] ??= {
    article: createPublishedSlugCheck({ find: findPublishedSlugsOfType('article') }),
    section: createPublishedSlugCheck({ find: findPublishedSlugsOfType('section') }),
  }
  return registry[CHECKS]
}

/**
 * After a publish webhook: forgets the slugs its cache tags name (`article-slug:<slug>`; any
 * section change forgets all sections), so an unpublished or renamed story stops serving at once.
 */
export function forgetSlugsForTags(tags: readonly string[], checks: PublishedSlugChecks = publishedSlugChecks()): void {
  const slugPrefix = articleSlugTag('')
  for (const tag of tags) {
    if (tag.startsWith(slugPrefix)) checks.article.forget(tag.slice(slugPrefix.length))
    if (tag === typeTag('section')) checks.section.forget()
  }
}
