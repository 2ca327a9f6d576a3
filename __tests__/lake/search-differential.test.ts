/**
 * Differential tests of `match` and `score()` through the lake's HTTP API against groq-js over the
 * same documents (the perspective's view computed in `index-corpus.ts`). The lake narrows
 * candidates with SQLite FTS5 and reads relevance-ranked searches in order of score bounds; groq-js
 * must still decide every answer, so the answers are identical: wildcards, several terms, arrays
 * of patterns, non-ASCII letters and case pairs, punctuation GROQ keeps inside a token, emoji and
 * surrogates, tokens longer than the index keeps, Portable Text words split across spans, ties in
 * score (dataset order or a second order key) and offsets. Random patterns (fast-check) go the
 * same way.
 */

import type { SanityClient } from '@sanity/client'
import fc from 'fast-check'
import { evaluate, parse } from 'groq-js'
import type { LakeDocument, RunningLakeServer } from '../../lib/lake'
import { openLakeStore } from '../../lib/lake'
import { LATTICE_LIMITS } from '../../lib/lake/search/score-lattice'
import { scoreReaderTuning } from '../../lib/lake/search/score-reader'
import { searchQuery } from '../../lib/content/search-query'
import { lakeClient, makeTempDir, removeDir, startTestLake, TOKEN } from './helpers'
import { corpus, viewOf, WORDS, type ViewName } from './index-corpus'
import { seededRandom } from '../../bench/seeded-random'

jest.setTimeout(300_000)

let lake: RunningLakeServer
let dataDir: string
let stored: LakeDocument[]
let editor: SanityClient
let anonymous: SanityClient

beforeAll(async () => {
  ;({ lake, dataDir } = await startTestLake({ seed: false }))
  editor = lakeClient(lake.url, { token: TOKEN })
  anonymous = lakeClient(lake.url)
  const docs = corpus()
  for (let i = 0; i < docs.length; i += 100) await editor.mutate(docs.slice(i, i + 100).map((doc) => ({ create: doc })) as never)
  stored = await editor.fetch<LakeDocument[]>('*', {}, { perspective: 'raw' })
})

afterAll(async () => {
  await lake?.close()
  removeDir(dataDir)
})

const VIEWS: { perspective: ViewName; authenticated: boolean }[] = [
  { perspective: 'published', authenticated: false },
  { perspective: 'drafts', authenticated: true },
  { perspective: 'raw', authenticated: true },
]

async function groqJs(query: string, params: Record<string, unknown>, perspective: ViewName, authenticated: boolean): Promise<unknown> {
  const value = await evaluate(parse(query, { params }), { dataset: viewOf(stored, perspective, authenticated), params })
  return JSON.parse(JSON.stringify((await value.get()) ?? null))
}

async function expectSameAsGroqJs(query: string, params: Record<string, unknown>, views = VIEWS): Promise<void> {
  for (const { perspective, authenticated } of views) {
    const answer = await (authenticated ? editor : anonymous).fetch(query, params, { perspective: perspective as 'raw' })
    expect({ perspective, query, params, result: answer }).toEqual({ perspective, query, params, result: await groqJs(query, params, perspective, authenticated) })
  }
}

const PATTERNS: unknown[] = [
  'kremlin', 'Kremlin*', '*lin', 'k*n', 'kr*l*n', '*', '**', 'kremlin talks', 'talks -kremlin', "kremlin's", 'kremlin*s',
  'zürich', 'ZÜRICH', 'zurich', 'Zür*', 'київ', 'КИЇВ', 'istanbul', 'İstanbul', 'i̇stanbul', 'straße', 'STRASSE', 'strasse',
  'µ*', 'μeter', 'Μ*', 'σigma', 'ςigma', 'ΣIGMA', 'kelvin', '\u212Aelvin', 'ǅemal', 'Ǆemal', 'naïve', 'NAÏVE', 'naive',
  'U.S.', 'u.s', 'us', 'U.*', "don't", 'don', 'e-mail', 'mail', 'c++', 'c', '#hashtag', 'hashtag', 'foo_bar', 'foo*',
  'x=y', 'x=*', '~tilde', '`code`', 'a.b.c', 'a.c', 'abc', '...', '..x', 'x', 'é.é', '😀smile', '😀*', '\uD83D*', 'smile*',
  '*😀', 'x'.repeat(70), 'x'.repeat(64), `${'x'.repeat(64)}*`, 'y'.repeat(64), 'y'.repeat(63), '\uE101odd', '\uE100', '\uE1FF',
  '', ' ', '.', '3.14', '3*', '100%', '$5', ['kremlin', 'talks'], ['zürich', 'nothing'], [], ['kremlin', 5], 5, null,
]
const TEXTS = ['headline', '[headline, dek]', 'pt::text(body)', 'body[].children[].text', 'tags', '[headline, pt::text(body), ...tags]', 'title', 'slug.current']

describe('match', () => {
  it.each(TEXTS)('%s match every pattern', async (text) => {
    for (const pattern of PATTERNS) await expectSameAsGroqJs(`*[${text} match $p]._id`, { p: pattern }, VIEWS.slice(0, 2))
  })

  it.each(PATTERNS.map((pattern) => [pattern]))('search shape with %j in every view', async (pattern) => {
    await expectSameAsGroqJs('*[_type == "article" && [headline, dek, pt::text(body)] match $p]{_id, headline}', { p: pattern })
  })

  it('narrows through FTS5 for indexed texts', async () => {
    expect((await lake.store.query('*[_type == "article" && pt::text(body) match "zürich"]._id', {}, { perspective: 'published' })).plan).toBe('indexed')
  })
})

const SEARCH = '*[_type == "article" && [headline, dek, pt::text(body)] match $q]'
const RANKED: [string, Record<string, unknown>][] = [
  ...['kremlin', 'kremlin talks', 'Kremlin*', 'zürich', 'talks sanctions putin', 'x*', 'smile*', 'u.s', '*'].map((q): [string, Record<string, unknown>] => [
    `${SEARCH} | score(headline match $q, dek match $q, pt::text(body) match $q) | order(_score desc)[0...10]{_id, _score}`,
    { q },
  ]),
  [`${SEARCH} | score(boost(headline match $q, 3), pt::text(body) match $q) | order(_score desc, publishedAt desc)[0...12]{_id, _score, publishedAt}`, { q: 'talks' }],
  [`${SEARCH} | score(boost(headline match $q, 3), pt::text(body) match $q) | order(_score desc, publishedAt asc)[5...15]{_id, _score}`, { q: 'kremlin' }],
  [`${SEARCH} | score(body[].children[].text match $q)[0...8]{_id, _score}`, { q: 'putin' }],
  [`${SEARCH} | score(pt::text(body) match $q) | order(_score desc)[$from...$to]{_id, _score}`, { q: 'sanctions', from: 4, to: 9 }],
  [`${SEARCH} | score(headline match $q && pt::text(body) match $q, _type == "article") | order(_score desc)[0...6]{_id, _score}`, { q: 'kremlin' }],
  [`${SEARCH} | score(headline match $q || tags match $q) | order(_score desc, _id desc)[0...6]{_id, _score}`, { q: 'zürich' }],
  [`${SEARCH} | score(pt::text(body) match $q) | order(_score desc)[0]`, { q: 'talks' }],
  [`*[[title, headline] match $q] | score(title match $q, headline match $q) | order(_score desc)[0...3]{_id, _score}`, { q: 'kremlin' }],
  // A union of matches in F, and `_id asc` as the last key (the reader search page's shape).
  ...['kremlin', 'talks', 'kremlin talks', 'Kremlin*', 'zürich', 'nothing'].map((q): [string, Record<string, unknown>] => [
    '*[_type == "article" && (headline match $q || pt::text(body) match $q)] | score(boost(headline match $q, 3), pt::text(body) match $q) | order(_score desc, publishedAt desc, _id asc)[$start...$end]{_id, _score}',
    { q, start: 2, end: 9 },
  ]),
  [`${SEARCH} | score(pt::text(body) match $q) | order(_score desc, _id asc)[0...6]{_id, _score}`, { q: 'talks' }],
  [`*[_type == "article" && (headline match $q || "" match $q)] | score(headline match $q) | order(_score desc)[0...4]{_id, _score}`, { q: 'kremlin' }],
]

describe('score() ranking', () => {
  it.each(RANKED)('%s %j', async (query, params) => expectSameAsGroqJs(query, params))

  it("plans the reader search page's own query (lib/content/search.ts)", async () => {
    for (const q of ['kremlin', 'kremlin talks']) {
      const params = { q, start: 0, end: 11 }
      expect((await lake.store.query(searchQuery, params, { perspective: 'published' })).plan).toBe('scored')
      await expectSameAsGroqJs(searchQuery, params)
    }
  })

  it('reads candidates in order of their score bound', async () => {
    const shape = `${SEARCH} | score(headline match $q, pt::text(body) match $q) | order(_score desc)[0...5]{_id}`
    expect((await lake.store.query(shape, { q: 'kremlin' }, { perspective: 'published' })).plan).toBe('scored')
  })

  it('scores every match when a stored document has a `_score` of its own (groq-js adds it)', async () => {
    await editor.create({ _id: 'note-scored', _type: 'note', title: 'Kremlin', _score: 5 })
    try {
      stored = await editor.fetch<LakeDocument[]>('*', {}, { perspective: 'raw' })
      const query = '*[[title, headline] match $q] | score(title match $q, headline match $q) | order(_score desc)[0...3]{_id, _score}'
      await expectSameAsGroqJs(query, { q: 'kremlin' })
      expect((await lake.store.query(query, { q: 'kremlin' }, { perspective: 'published' })).plan).toBe('indexed')
    } finally {
      await editor.delete('note-scored')
      stored = await editor.fetch<LakeDocument[]>('*', {}, { perspective: 'raw' })
    }
  })
})

describe('score() ranking with index lists read in small budgets and a small lattice (in-process)', () => {
  const queries: [string, Record<string, unknown>][] = [
    ...RANKED.filter(([query]) => !query.startsWith('*[[title')),
    [`${SEARCH} | score(boost(headline match $q, 3), dek match $q, pt::text(body) match $q) | order(_score desc, publishedAt desc)[0...7]{_id, _score}`, { q: 'kremlin' }],
  ]

  // With few candidates every list is read limited to them; with more (`few` 0 here) the lattice
  // (score-lattice.ts) answers first, holding the candidates up to `held`: `slots: 0` turns it
  // off, a few vectors make it give up part-way, so the list bounds finish what it started.
  it.each([
    [1, 1, 0, 1500, 0, 0],
    [3, 8, 0, 1500, 0, 0],
    [10, 1, 0, 1500, 0, 0],
    [40, 8, 0, 1500, 0, 0],
    [1, 1, 6, 1, 0, 0],
    [3, 8, 6, 2, 0, 60_000],
    [10, 1, 6, 5, 0, 0],
    [4000, 8, 6, 1500, 0, 0],
    [4000, 8, 6, 1500, 0, 60_000],
    [4000, 8, 6, 1500, 20_000, 60_000],
  ])('list budget %i, large groups past %i, lattice of %i slots and %i vectors, few candidates up to %i, held up to %i: the same answers as a full scan', async (budget, largeGroup, slots, vectors, few, held) => {
    const store = openLakeStore(makeTempDir())
    try {
      await store.mutate(corpus().map((doc) => ({ create: doc })))
      Object.assign(scoreReaderTuning, { listBudget: budget, largeGroup, fewCandidates: { oneTerm: few, terms: few }, heldCandidates: held })
      Object.assign(LATTICE_LIMITS, { slots, vectors })
      let scored = 0
      for (const [query, params] of queries) {
        for (const view of [{ perspective: 'published' }, { perspective: 'raw', authenticated: true }]) {
          const indexed = await store.query(query, params, view)
          if (indexed.plan === 'scored') scored++
          expect({ query, params, result: indexed.result }).toEqual({ query, params, result: (await store.query(query, params, { ...view, planner: 'fullscan' })).result })
        }
      }
      expect(scored).toBeGreaterThan(queries.length) // all but the patterns FTS5 cannot narrow (`*`), in both views
    } finally {
      Object.assign(scoreReaderTuning, { listBudget: 4000, largeGroup: 8, fewCandidates: { oneTerm: 1000, terms: 20_000 }, heldCandidates: 60_000 })
      Object.assign(LATTICE_LIMITS, { slots: 6, vectors: 1500 })
      await store.close()
      removeDir(store.dataDir)
    }
  })
})

/** Stories whose words repeat 0–70 times: every frequency class of the search index is used. */
function repetitiveCorpus(): LakeDocument[] {
  const random = seededRandom(23)
  const words = ['alpha', 'beta', 'gamma', 'delta', 'omega']
  const repeated = (most: number) => words.flatMap((word) => Array.from({ length: Math.floor(random() ** 3 * most) }, () => word))
  return Array.from({ length: 160 }, (_, i) => ({
    _id: `article-r${String(i).padStart(3, '0')}`,
    _type: 'article',
    headline: repeated(4).join(' ') || 'none',
    slug: { _type: 'slug', current: `r-${i}` },
    publishedAt: `2024-01-0${1 + (i % 5)}T00:00:00Z`,
    body: [{ _type: 'block', _key: 'b1', children: [{ _type: 'span', _key: 's1', text: repeated(70).sort(() => random() - 0.5).join(' ') }] }],
  }))
}

describe('the lattice on random words (in-process)', () => {
  it.each([
    ['the differential corpus', () => corpus(), WORDS.map((word) => word.slice(0, 12))],
    ['words repeated up to 70 times', repetitiveCorpus, ['alpha', 'beta', 'gamma', 'delta', 'omega', 'nothing']],
  ])('ranks one, two and three words as a full scan does, F joined, held or implied (%s)', async (_name, documents, vocabulary) => {
    const store = openLakeStore(makeTempDir())
    const words = fc.constantFrom(...vocabulary)
    try {
      await store.mutate(documents().map((doc) => ({ create: doc })))
      const queries = [
        searchQuery,
        '*[_type == "article" && [headline, dek, pt::text(body)] match $q] | score(boost(headline match $q, 3), pt::text(body) match $q) | order(_score desc, publishedAt desc)[0...$end]{_id, _score}',
      ]
      for (const held of [0, 60_000]) {
        Object.assign(scoreReaderTuning, { fewCandidates: { oneTerm: 0, terms: 0 }, heldCandidates: held })
        await fc.assert(
          fc.asyncProperty(fc.array(words, { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 12 }), async (terms, end) => {
            for (const query of queries) {
              const params = { q: terms.join(' '), start: 0, end }
              const indexed = await store.query(query, params, { perspective: 'published' })
              expect(indexed.result).toEqual((await store.query(query, params, { perspective: 'published', planner: 'fullscan' })).result)
            }
          }),
          { numRuns: 40, seed: 7 + held },
        )
      }
    } finally {
      Object.assign(scoreReaderTuning, { fewCandidates: { oneTerm: 1000, terms: 20_000 }, heldCandidates: 60_000 })
      await store.close()
      removeDir(store.dataDir)
    }
  })
})

describe('random patterns', () => {
  const fragment = fc.oneof(
    fc.constantFrom(...WORDS.map((word) => word.slice(0, 12))),
    fc.constantFrom('*', '.', ' ', '-', "'", '_', '=', 'é', 'İ', 'ß', '😀', '\uD83D', 'μ', 'ς'),
    fc.string({ maxLength: 3 }),
  )
  const pattern = fc.array(fragment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(''))

  it('match and score() answer as groq-js does', async () => {
    await fc.assert(
      fc.asyncProperty(pattern, async (p) => {
        await expectSameAsGroqJs('*[_type == "article" && [headline, pt::text(body), ...tags] match $p]._id', { p }, VIEWS.slice(0, 2))
        await expectSameAsGroqJs(`${SEARCH} | score(headline match $p, pt::text(body) match $p) | order(_score desc)[0...5]{_id, _score}`, { q: p, p }, VIEWS.slice(0, 1))
      }),
      { numRuns: 60, seed: 19 },
    )
  })
})
