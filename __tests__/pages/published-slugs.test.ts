/**
 * The published-slug memory the front door consults before any page renders: batching, freshness,
 * failure handling, and the real query against a seeded lake (drafts are not published).
 */
import {
  createPublishedSlugCheck,
  findPublishedSlugsOfType,
  forgetSlugsForTags,
  type FindPublishedSlugs,
  type PublishedSlugCheck,
} from '@/lib/content/published-slugs'
import { startSeededLakeForSuite } from '../support/seeded-lake'

const SEEDED_SLUG = 'turkey-erdogan-putin-to-meet-in-moscow-this-week-for-syria-talks'

/** A backend that knows `published` and records every query it answers. */
function fakeBackend(published: Set<string>) {
  const queries: string[][] = []
  let failure: Error | undefined
  const find: FindPublishedSlugs = async (slugs) => {
    queries.push(slugs)
    await new Promise((resolve) => setImmediate(resolve))
    if (failure) throw failure
    return slugs.filter((slug) => published.has(slug))
  }
  return { find, queries, fail: (error: Error | undefined) => (failure = error) }
}

describe('createPublishedSlugCheck', () => {
  let clock = 0
  const now = () => clock
  beforeEach(() => {
    clock = 1_000_000
  })

  it('answers published and unknown slugs, batching concurrent checks into one query', async () => {
    const backend = fakeBackend(new Set(['a', 'b']))
    const check = createPublishedSlugCheck({ find: backend.find, now })
    const answers = await Promise.all(['a', 'x', 'b', 'a', 'y'].map((slug) => check.check(slug)))
    expect(answers).toEqual(['published', 'unknown', 'published', 'published', 'unknown'])
    // The first check goes alone; everything asked while it was in flight shares the next query.
    expect(backend.queries).toEqual([['a'], ['x', 'b', 'y']])
  })

  it('remembers only published slugs: unknown ones never grow the memory', async () => {
    const backend = fakeBackend(new Set(['a']))
    const check = createPublishedSlugCheck({ find: backend.find, now })
    await Promise.all(Array.from({ length: 1000 }, (_, i) => check.check(`rnd-${i}`)))
    expect(check.knownCount).toBe(0)
    await check.check('a')
    expect(check.knownCount).toBe(1)
  })

  it('asks again for an unknown slug every time, so a story published a moment ago serves at once', async () => {
    const published = new Set<string>()
    const backend = fakeBackend(published)
    const check = createPublishedSlugCheck({ find: backend.find, now })
    expect(await check.check('later')).toBe('unknown')
    published.add('later')
    expect(await check.check('later')).toBe('published')
  })

  it('trusts a confirmed slug for maxAgeMs, then confirms it again (an unpublished story stops serving)', async () => {
    const published = new Set(['a'])
    const backend = fakeBackend(published)
    const check = createPublishedSlugCheck({ find: backend.find, now, maxAgeMs: 60_000 })
    await check.check('a')
    published.delete('a')
    clock += 59_999
    expect(await check.check('a')).toBe('published')
    expect(backend.queries).toHaveLength(1)
    clock += 1
    expect(await check.check('a')).toBe('unknown')
    expect(check.knownCount).toBe(0)
  })

  it('forget(slug) makes the next check ask the backend', async () => {
    const published = new Set(['a'])
    const backend = fakeBackend(published)
    const check = createPublishedSlugCheck({ find: backend.find, now })
    await check.check('a')
    published.delete('a')
    check.forget('a')
    expect(await check.check('a')).toBe('unknown')
  })

  it('when the backend fails: a slug confirmed before still renders, an unconfirmed one throws, and checks fail fast for a while', async () => {
    const backend = fakeBackend(new Set(['a']))
    const check = createPublishedSlugCheck({ find: backend.find, now, maxAgeMs: 10, failureBackoffMs: 2000 })
    await check.check('a')
    clock += 10
    backend.fail(new Error('lake down'))
    expect(await check.check('a')).toBe('published')
    await expect(check.check('b')).rejects.toThrow('lake down')
    const asked = backend.queries.length
    await expect(check.check('c')).rejects.toThrow('lake down')
    expect(backend.queries).toHaveLength(asked)
    backend.fail(undefined)
    clock += 2000
    expect(await check.check('c')).toBe('unknown')
  })

  it("answers 'busy' instead of queueing without bound", async () => {
    const backend = fakeBackend(new Set())
    const check = createPublishedSlugCheck({ find: backend.find, now, maxWaiting: 3 })
    const answers = await Promise.all(['a', 'b', 'c', 'd', 'e', 'f'].map((slug) => check.check(slug)))
    // 'a' is in flight (not waiting); b, c, d wait; e and f find the queue full.
    expect(answers).toEqual(['unknown', 'unknown', 'unknown', 'unknown', 'busy', 'busy'])
  })

  it('splits a long queue into queries of maxBatch slugs', async () => {
    const backend = fakeBackend(new Set())
    const check = createPublishedSlugCheck({ find: backend.find, now, maxBatch: 2 })
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((slug) => check.check(slug)))
    expect(backend.queries).toEqual([['a'], ['b', 'c'], ['d', 'e']])
  })
})

describe('forgetSlugsForTags', () => {
  it('forgets the article slugs a webhook names, and every section on a section change', () => {
    const forgotten: string[] = []
    const recorder = (type: string): PublishedSlugCheck => ({
      check: async () => 'unknown',
      forget: (slug?: string) => forgotten.push(`${type}:${slug ?? '*'}`),
      knownCount: 0,
    })
    forgetSlugsForTags(['type:article', 'article:article-x', 'article-slug:old-slug', 'article-slug:new-slug', 'type:section'], {
      article: recorder('article'),
      section: recorder('section'),
    })
    expect(forgotten).toEqual(['article:old-slug', 'article:new-slug', 'section:*'])
  })
})

describe('findPublishedSlugsOfType against the seeded lake', () => {
  const lake = startSeededLakeForSuite('published-slugs')

  it('finds published slugs and not drafts, and sees a publish at once', async () => {
    const find = findPublishedSlugsOfType('article')
    const signal = AbortSignal.timeout(5000)
    expect(await find([SEEDED_SLUG, 'no-such-story', 'draft-only'], signal)).toEqual([SEEDED_SLUG])
    expect(await findPublishedSlugsOfType('section')(['middle-east', SEEDED_SLUG], signal)).toEqual(['middle-east'])

    const doc = { _type: 'article', headline: 'Draft only', slug: { _type: 'slug', current: 'draft-only' } }
    await lake().store.mutate([{ createOrReplace: { _id: 'drafts.article-draft-only', ...doc } }])
    expect(await find(['draft-only'], signal)).toEqual([])
    await lake().store.mutate([{ createOrReplace: { _id: 'article-draft-only', ...doc } }, { delete: { id: 'drafts.article-draft-only' } }])
    expect(await find(['draft-only'], signal)).toEqual(['draft-only'])
  })
})
