/**
 * What the front door does with the reader archive's URLs before Next sees them (ADR 0016): the
 * decision table for paginated lists with fake story counts, the counts' memory, the search gate,
 * then lib/routing/front-door.ts itself against a lake with 130 synthetic stories: pages past the
 * end, empty days and unknown sections are the 404 page without rendering, non-canonical forms
 * redirect, bad search input passes with status 400 and a flood of searches is turned away.
 */
import { syntheticMutations } from '@/bench/synthetic-stories'
import { createListingSizes, forgetListingSizesForTags, type ListingKey, type ListingSizes } from '@/lib/content/listing-sizes'
import { frontDoor, UNKNOWN_URL_PATH } from '@/lib/routing/front-door'
import { decideListingUrl } from '@/lib/routing/listing-urls'
import { createGate, searchGate, SEARCH_MAX_IN_FLIGHT } from '@/lib/routing/search-gate'
import { mutateLake } from '../fixtures/region-notice'
import { frontDoorRequest } from '../support/front-door-request'
import { startSeededLakeForSuite } from '../support/seeded-lake'

/** Sizes from a table (`section:<slug>` / `period:<from>:<to>`), recording what was asked. */
function fakeSizes(table: Record<string, number | null | Error>): ListingSizes & { asked: string[] } {
  const asked: string[] = []
  return {
    asked,
    async size(key: ListingKey) {
      const id = key.kind === 'section' ? `section:${key.slug}` : `period:${key.from}:${key.to}`
      asked.push(id)
      const answer = id in table ? table[id] : 0
      if (answer instanceof Error) throw answer
      return answer
    },
    forget: () => undefined,
    knownCount: 0,
  }
}

const noFailure = () => {
  throw new Error('no check should fail here')
}

describe('decideListingUrl', () => {
  const sizes = fakeSizes({ 'section:world': 61, 'section:empty': 0, 'section:gone': null, 'period:2026-12-06:2026-12-07': 31, 'period:2026:2027': 7, 'period:2025:2026': 0 })

  it.each([
    ['/sections/world/page/2', { action: 'render' }],
    ['/sections/world/page/3', { action: 'render' }],
    ['/sections/world/page/4', { action: 'not-found', reason: 'section has 3 page(s)' }],
    ['/sections/empty/page/2', { action: 'not-found', reason: 'no stories in section' }],
    ['/sections/gone/page/2', { action: 'not-found', reason: 'no published section' }],
    ['/sections/world/page/1', { action: 'redirect', location: '/sections/world' }],
    ['/archive/2026/12/06', { action: 'render' }],
    ['/archive/2026/12/06/page/2', { action: 'render' }],
    ['/archive/2026/12/06/page/3', { action: 'not-found', reason: 'archive 2026-12-06 has 2 page(s)' }],
    ['/archive/2026', { action: 'render' }],
    ['/archive/2025', { action: 'not-found', reason: 'no stories in archive 2025' }],
    ['/archive', { action: 'render' }],
    ['/archive/2026/12/6', { action: 'redirect', location: '/archive/2026/12/06' }],
    ['/sitemaps/articles/2026-1.xml', { action: 'render' }],
    ['/sitemaps/articles/2026-2.xml', { action: 'render' }],
    ['/sitemaps/articles/2026-3.xml', { action: 'not-found', reason: 'sitemap of 2026 has 2 page(s)' }],
    ['/sitemaps/articles/2025-1.xml', { action: 'not-found', reason: 'no stories in sitemap of 2025' }],
  ])('%s → %j', async (pathname, decision) => {
    expect(await decideListingUrl(pathname, sizes, noFailure, 5)).toEqual(decision)
  })

  it.each([
    ['/sections/world/page/0', 'not a page number'],
    ['/sections/world/page/02', 'not a page number'],
    ['/sections/world/page/x', 'not a page number'],
    ['/sections/world/page', 'not a page number'],
    ['/sections/world/page/2/more', 'not a page number'],
    [`/sections/${'a'.repeat(61)}/page/2`, 'not a valid slug'],
    ['/sections/World/page/2', 'not a valid slug'],
    ['/sections/%ff/page/2', 'malformed percent-encoding'],
    ['/archive/2026/13', 'not a month'],
    ['/archive/2026/02/30', 'not a day of that month'],
    ['/archive/twenty', 'not a year'],
    ['/sitemaps/articles/2026.xml', 'not a sitemap file'],
    ['/sitemaps/articles/x/2026-1.xml', 'not a sitemap file'],
  ])('%s is a 404 without counting (%s)', async (pathname, reason) => {
    const counted = fakeSizes({})
    expect(await decideListingUrl(pathname, counted, noFailure, 5)).toEqual({ action: 'not-found', reason })
    expect(counted.asked).toEqual([])
  })

  it('passes a busy or failing count on as busy or unavailable (reported)', async () => {
    const failures: unknown[] = []
    const down = fakeSizes({ 'section:world': new Error('lake down') })
    expect(await decideListingUrl('/sections/world/page/2', down, (error) => failures.push(error), 5)).toEqual({ action: 'unavailable' })
    expect(failures).toEqual([new Error('lake down')])
    const busy: ListingSizes = { size: async () => 'busy', forget: () => undefined, knownCount: 0 }
    expect(await decideListingUrl('/sections/world/page/2', busy, noFailure, 5)).toEqual({ action: 'busy' })
  })
})

describe('the story counts the front door remembers', () => {
  it('asks once a minute per list, shares a question in flight, and forgets on publish', async () => {
    let clock = 0
    let asked = 0
    const sizes = createListingSizes({ count: async () => ++asked, now: () => clock, maxAgeMs: 60_000 })
    const world: ListingKey = { kind: 'section', slug: 'world' }
    expect(await Promise.all([sizes.size(world), sizes.size(world)])).toEqual([1, 1])
    clock = 59_000
    expect(await sizes.size(world)).toBe(1)
    clock = 61_000
    expect(await sizes.size(world)).toBe(2)
    forgetListingSizesForTags(['article:x', 'type:article'], sizes)
    expect(sizes.knownCount).toBe(0)
    expect(await sizes.size(world)).toBe(3)
    forgetListingSizesForTags(['type:agency'], sizes)
    expect(sizes.knownCount).toBe(1)
  })

  it('keeps a known answer while the content service is down, and is busy past its questions in flight', async () => {
    let fail = false
    let clock = 0
    const sizes = createListingSizes({ count: async () => (fail ? Promise.reject(new Error('down')) : 5), now: () => clock, maxInFlight: 1 })
    const day: ListingKey = { kind: 'period', from: '2026-12-06', to: '2026-12-07' }
    expect(await sizes.size(day)).toBe(5)
    fail = true
    clock = 120_000
    expect(await sizes.size(day)).toBe(5)
    await expect(sizes.size({ kind: 'section', slug: 'never' })).rejects.toThrow('down')
    const slow = createListingSizes({ count: () => new Promise(() => undefined), maxInFlight: 1 })
    void slow.size(day)
    expect(await slow.size({ kind: 'section', slug: 'other' })).toBe('busy')
  })
})

describe('the search gate', () => {
  it('lets a few searches in at once and each place back once', () => {
    const gate = createGate(2)
    const first = gate.tryEnter()!
    const second = gate.tryEnter()!
    expect(gate.tryEnter()).toBeNull()
    first()
    first()
    expect(gate.inFlight).toBe(1)
    expect(gate.tryEnter()).not.toBeNull()
    second()
  })
})

describe('the front door on the reader archive, against a lake', () => {
  const lake = startSeededLakeForSuite('listing-front-door')
  beforeAll(() => mutateLake(lake().url, 'test-token', syntheticMutations(130)), 60_000)

  const ask = (url: string) => frontDoor(frontDoorRequest(url))

  it('passes existing pages and answers the rest with the 404 page, without rendering', async () => {
    for (const url of ['/sections/world/page/2', '/archive', '/archive/2025/11', '/archive/2025/11/30', '/sitemaps/articles/2025-1.xml', '/archive/2020']) {
      expect(await ask(url)).toEqual({ action: 'pass' })
    }
    for (const url of ['/sections/world/page/3', '/sections/sport/page/2', '/archive/2025/12', '/archive/2019', '/archive/2025/11/31', '/sitemaps/articles/2025-2.xml', '/archive/1999/01/01/page/2']) {
      expect(await ask(url)).toEqual({ action: 'rewrite', pathname: UNKNOWN_URL_PATH })
    }
  })

  it('redirects non-canonical forms permanently', async () => {
    expect(await ask('/sections/world/page/1')).toMatchObject({ action: 'respond', status: 308, headers: { location: '/sections/world' } })
    expect(await ask('/archive/2025/9')).toMatchObject({ action: 'respond', status: 308, headers: { location: '/archive/2025/09' } })
  })

  it('passes searches, bad search input with status 400, and a flood with the busy page', async () => {
    expect(await ask('/search')).toEqual({ action: 'pass' })
    expect(await ask(`/search?q=${'x'.repeat(201)}`)).toEqual({ action: 'pass', status: 400 })
    expect(await ask('/search?q=kremlin&page=99')).toEqual({ action: 'pass', status: 400 })
    const held = await Promise.all(Array.from({ length: SEARCH_MAX_IN_FLIGHT }, () => ask('/search?q=kremlin')))
    for (const answer of held) expect(answer).toMatchObject({ action: 'pass', release: expect.any(Function) })
    const turnedAway = await ask('/search?q=moscow')
    expect(turnedAway).toMatchObject({ action: 'respond', status: 503, headers: { 'retry-after': '1' } })
    for (const answer of held) if (answer.action === 'pass') answer.release?.()
    expect(searchGate().inFlight).toBe(0)
    expect(await ask('/search?q=moscow')).toMatchObject({ action: 'pass' })
  })
})
