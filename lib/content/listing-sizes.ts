/**
 * How many stories a paginated list holds — a section, a year, month or day of the archive —
 * answered for the front door (lib/routing/listing-urls.ts) before any page renders, so a page
 * number past the end, an empty day or a section that does not exist gets the 404 page without a
 * render or a page-cache entry (ADR 0016). As with published slugs (published-slugs.ts), the
 * front door cannot use Next's data cache: answers are kept in this process for `maxAgeMs`, and
 * a publish webhook about an article or section forgets them all at once.
 */
import { z } from 'zod'
import { getUncachedPublishedClient } from '@/lib/sanity/client'
import { ARCHIVE_FILTER } from './archive-dates'
import { typeTag } from './tags'

/** The section at `$slug` (its `_id`, or null), then how many stories reference it: one `*` a query. */
export const sectionIdQuery = `*[_type == "section" && slug.current == $slug][0]._id`
export const sectionSizeQuery = `count(*[${ARCHIVE_FILTER} && section._ref == $id])`
/** The stories published in [`$from`, `$to`) (strings compared, as the archive does). */
export const periodSizeQuery = `count(*[${ARCHIVE_FILTER} && publishedAt >= $from && publishedAt < $to])`
export const listingSizeModel = z.number().int().nonnegative().nullable()

export type ListingKey = { kind: 'section'; slug: string } | { kind: 'period'; from: string; to: string }

/** Asks the content backend; throws when it cannot answer. */
export type CountStories = (key: ListingKey, signal: AbortSignal) => Promise<number | null>

export type ListingSizes = {
  /** Stories in the list (null: no such section), or 'busy' when too many questions wait already. */
  size(key: ListingKey): Promise<number | null | 'busy'>
  /** Forgets every answer: the next question asks the backend again. */
  forget(): void
  readonly knownCount: number
}

export type ListingSizesOptions = {
  count: CountStories
  maxAgeMs?: number
  /** Answers remembered; the memory is cleared when it would grow past this. */
  maxKnown?: number
  /** Questions allowed in flight at once; beyond it the answer is 'busy'. */
  maxInFlight?: number
  timeoutMs?: number
  now?: () => number
}

export const LISTING_SIZE_MAX_AGE_MS = 60_000

const keyOf = (key: ListingKey) => (key.kind === 'section' ? `section:${key.slug}` : `period:${key.from}:${key.to}`)

export function createListingSizes({ count, maxAgeMs = LISTING_SIZE_MAX_AGE_MS, maxKnown = 20_000, maxInFlight = 50, timeoutMs = 5000, now = Date.now }: ListingSizesOptions): ListingSizes {
  const known = new Map<string, { at: number; size: number | null }>()
  const inFlight = new Map<string, Promise<number | null>>()
  let generation = 0

  return {
    async size(key) {
      const id = keyOf(key)
      const remembered = known.get(id)
      if (remembered && now() - remembered.at < maxAgeMs) return remembered.size
      let answer = inFlight.get(id)
      if (!answer) {
        if (inFlight.size >= maxInFlight) return remembered ? remembered.size : 'busy'
        const asked = generation
        answer = count(key, AbortSignal.timeout(timeoutMs))
          .then((size) => {
            // An answer asked before a publish forgot everything may be out of date: not kept.
            if (asked === generation) {
              if (known.size >= maxKnown && !known.has(id)) known.clear()
              known.set(id, { at: now(), size })
            }
            return size
          })
          .finally(() => inFlight.delete(id))
        inFlight.set(id, answer)
      }
      try {
        return await answer
      } catch (error) {
        // The backend is down: an answer known before still stands (its page is likely cached).
        if (remembered) return remembered.size
        throw error
      }
    },
    forget() {
      generation += 1
      known.clear()
    },
    get knownCount() {
      return known.size
    },
  }
}

/** `count` through the site's published (anonymous, uncached) client. */
export async function countStoriesInLake(key: ListingKey, signal: AbortSignal): Promise<number | null> {
  const client = getUncachedPublishedClient()
  const options = { signal, cache: 'no-store' as const }
  let raw: unknown
  if (key.kind === 'section') {
    const id = await client.fetch<unknown>(sectionIdQuery, { slug: key.slug }, options)
    if (id === null || id === undefined) return null
    if (typeof id !== 'string') throw new Error(`listing size (${keyOf(key)}): expected a section id`)
    raw = await client.fetch<unknown>(sectionSizeQuery, { id }, options)
  } else {
    raw = await client.fetch<unknown>(periodSizeQuery, { from: key.from, to: key.to }, options)
  }
  const parsed = listingSizeModel.safeParse(raw)
  if (!parsed.success) throw new Error(`listing size (${keyOf(key)}): expected a count`)
  return parsed.data
}

/** Process-wide (the front door and the revalidation route share one process), on `globalThis`. */
const SIZES = Symbol.for('newsroom.listingSizes')

export function listingSizes(): ListingSizes {
  const registry = globalThis as { [SIZES]?: ListingSizes }
  registry[SIZES] ??= createListingSizes({ count: countStoriesInLake })
  return registry[SIZES]
}

/** After a publish webhook: any article or section change may change how many stories a list holds. */
export function forgetListingSizesForTags(tags: readonly string[], sizes: ListingSizes = listingSizes()): void {
  if (tags.includes(typeTag('article')) || tags.includes(typeTag('section'))) sizes.forget()
}
