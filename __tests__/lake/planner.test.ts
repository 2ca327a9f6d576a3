/**
 * Index planner: every query of the suite is evaluated both through the indexes and as a full
 * scan, in every perspective, authenticated and not; the results must be identical.
 */

import Database from 'better-sqlite3'
import path from 'node:path'
import { importNdjson, openLakeStore, type LakeStore } from '../../lib/lake'
import { planIndexLookups } from '../../lib/lake/index-planner'
import { planOrderedQuery } from '../../lib/lake/stream-plan'
import { orderedReaderTuning } from '../../lib/lake/ordered-reader'
import { parseQuery } from '../../lib/lake/query-parser'
import { FIXTURES_DIR, makeTempDir, removeDir } from './helpers'

let store: LakeStore
let dataDir: string

beforeAll(async () => {
  dataDir = makeTempDir()
  store = openLakeStore(dataDir)
  await importNdjson(store, path.join(FIXTURES_DIR, 'data.ndjson'))
  await store.mutate([
    { create: { _id: 'drafts.odd-type', _type: 'section', title: 'Draft of article under another type' } },
    { create: { _id: 'odd-type', _type: 'article', headline: 'Odd', slug: { current: 'odd' } } },
    { create: { _id: 'versions.r1.article-one', _type: 'article', headline: 'One (release)', slug: { current: 'one' } } },
    { create: { _id: 'numeric-slug', _type: 'article', slug: { current: 5 } } },
  ])
  await store.mutate(STORIES.map((doc) => ({ create: doc })))
})

/**
 * Stories for the ordered (top-N) plan: heavy ties on publishedAt (three dates), null, missing,
 * numbers, booleans, objects, strings whose UTF-16 and UTF-8 orders differ, and drafts/versions
 * that move documents up, down, or change their type. _createdAt/_updatedAt tie (one transaction).
 */
const ODD_PUBLISHED_AT: Record<number, unknown> = {
  3: null,
  7: undefined,
  11: 5,
  12: -1.5,
  13: true,
  14: false,
  17: { at: '2024' },
  18: ['2024'],
  21: '\uFFFD late',
  22: '\u{1F600} emoji',
  23: '',
  29: 5,
}
const STORIES: Record<string, unknown>[] = [
  ...Array.from({ length: 40 }, (_, i) => {
    const doc: Record<string, unknown> = {
      _id: `story-${String(i).padStart(2, '0')}`,
      _type: 'story',
      rank: i % 7,
      section: { _type: 'reference', _ref: i % 2 ? 'section-world' : 'section-tech' },
      publishedAt: `2024-01-0${1 + (i % 3)}T00:00:00Z`,
    }
    if (i in ODD_PUBLISHED_AT) {
      if (ODD_PUBLISHED_AT[i] === undefined) delete doc.publishedAt
      else doc.publishedAt = ODD_PUBLISHED_AT[i]
    }
    return doc
  }),
  { _id: 'drafts.story-05', _type: 'story', rank: 9, publishedAt: '2030-01-01T00:00:00Z' },
  { _id: 'drafts.story-01', _type: 'story', rank: 9, publishedAt: '2000-01-01T00:00:00Z' },
  { _id: 'drafts.story-10', _type: 'story', rank: 9, publishedAt: null },
  { _id: 'drafts.story-15', _type: 'article', headline: 'Story turned article', publishedAt: '2031-01-01T00:00:00Z' },
  { _id: 'drafts.story-new', _type: 'story', rank: 1, publishedAt: '2024-01-02T00:00:00Z' },
  { _id: 'drafts.article-three', _type: 'story', rank: 2, publishedAt: '2024-01-03T00:00:00Z' },
  { _id: 'versions.r1.story-20', _type: 'story', rank: 4, publishedAt: '1999-01-01T00:00:00Z' },
  { _id: 'versions.r1.story-02', _type: 'story', rank: 4, publishedAt: '2032-01-01T00:00:00Z' },
]

afterAll(async () => {
  await store?.close()
  removeDir(dataDir)
})

const QUERIES: [string, Record<string, unknown>][] = [
  ['*[_type == "article" && slug.current == $slug][0]{_id, _originalId, headline, "section": section->title, "authors": authors[]->name}', { slug: 'two' }],
  ['*[_type == "article" && slug.current == $slug][0]', { slug: 'four' }],
  ['*[slug.current == $slug]', { slug: 'odd' }],
  ['*[slug.current == 5]._id', {}],
  ['*[slug.current in ["one", "three"]]._id', {}],
  ['*[_type == "article"] | order(publishedAt desc)[0...2]{_id, headline, "s": section->slug.current}', {}],
  ['*[_type == "article"][0]._id', {}],
  ['*[_type in ["article", "section"]]._id', {}],
  ['*[_type in $types]._id', { types: ['section', 'author'] }],
  ['*[_type == $t][]._id', { t: 'section' }],
  ['*[_id == "article-two"][0]', {}],
  ['*[_id == "drafts.article-two"][0]', {}],
  ['*[_id in ["article-one", "odd-type", "missing"]]{_id, _type}', {}],
  ['*[_type == "article" || _type == "author"]._id', {}],
  ['*[_type == "article" || defined(title)]._id', {}],
  ['*[_type == "article"][slug.current == "two"]._id', {}],
  ['{"a": *[_type == "section"]._id, "b": count(*[_type == "article"])}', {}],
  ['*[_type == "article"]{_id, "related": *[_type == "article" && section._ref == ^.section._ref && _id != ^._id]._id}', {}],
  ['*[_type == "article" && !(_id in path("drafts.**"))]._id', {}],
  ['*[defined(slug.current)]._id', {}],
  ['count(*)', {}],
  ['*[_type == "section"]{title, "articles": count(*[_type == "article" && references(^._id)])}', {}],
  ['*[_type == $t]', { t: 7 }],
  ['*[_type == "article"] | order(_id) [$from...$to]._id', { from: 1, to: 3 }],
  ['*[_type == "article" && section->slug.current == "world"]._id', {}],
  // ordered top-N plan
  ['*[_type == "story"] | order(publishedAt desc)[0...5]{_id, _originalId, publishedAt}', {}],
  ['*[_type == "story"] | order(publishedAt asc)[0...5]{_id, publishedAt}', {}],
  ['*[_type == "story"] | order(publishedAt)[3...9]._id', {}],
  ['*[_type == "story"] | order(publishedAt desc)[4..10]._id', {}],
  ['*[_type == "story"] | order(publishedAt desc)[7]', {}],
  ['*[_type == "story"] | order(publishedAt asc)[0]._id', {}],
  ['*[_type == "story"] | order(publishedAt desc)[0...0]', {}],
  ['*[_type == "story"] | order(publishedAt asc)[32]._id', {}],
  ['*[_type == "story"] | order(publishedAt desc)[6]._id', {}],
  ['*[_type == "story"] | order(publishedAt desc)[0...1000]._id', {}],
  ['*[_type == "story"] | order(publishedAt asc)[30...45]._id', {}],
  ['*[_type == "story"] | order(publishedAt desc)[60...70]._id', {}],
  ['*[_type == "story"] | order(publishedAt desc, rank asc)[0...12]{_id, rank}', {}],
  ['*[_type == "story"] | order(publishedAt asc, _id desc)[0...12]._id', {}],
  ['*[_type == "story"] | order(publishedAt desc)[$from...$to]._id', { from: 2, to: 6 }],
  ['*[_type == "story" && rank % 3 == 0] | order(publishedAt desc)[0...4]._id', {}],
  ['*[_type == "story" && rank == 9] | order(publishedAt desc)[0...2]._id', {}],
  ['*[_type == "story"][defined(publishedAt)] | order(publishedAt)[0...5]._id', {}],
  ['*[_type == "story" && section->slug.current == "world"] | order(publishedAt desc)[0...6]{_id, "s": section->title}', {}],
  ['*[_type == "story" && publishedAt < $now] | order(publishedAt desc)[0...5]._id', { now: '2024-01-03' }],
  ['*[_type in ["story", "article"]] | order(publishedAt desc)[0...7]._id', {}],
  ['*[_type == "story" || _type == "article"] | order(publishedAt asc)[0...7]._id', {}],
  ['*[_type == $t] | order(_updatedAt desc)[0...3]._id', { t: 'story' }],
  ['*[_type == "story"] | order(_createdAt asc, publishedAt desc)[0...3]._id', {}],
  ['*[_type == "nothing"] | order(publishedAt desc)[0...3]', {}],
  ['{"latest": *[_type == "story"] | order(publishedAt desc)[0...3]._id}', {}],
]

const VIEWS = [
  { perspective: 'published', authenticated: true },
  { perspective: 'drafts', authenticated: true },
  { perspective: 'raw', authenticated: true },
  { perspective: 'r1,drafts', authenticated: true },
  { perspective: 'drafts', authenticated: false },
  { perspective: 'raw', authenticated: false },
]

/** Ordered-stream page sizes: the default, exactly `need`, and 1–2 rows (every row can be the boundary). */
const DEFAULT_TUNING = { ...orderedReaderTuning }
const PAGINGS = [
  { name: 'default pages', firstPage: DEFAULT_TUNING.firstPage, maxPage: DEFAULT_TUNING.maxPage },
  { name: 'pages of need', firstPage: (need: number) => need, maxPage: DEFAULT_TUNING.maxPage },
  { name: 'tiny pages', firstPage: () => 1, maxPage: 2 },
]

afterEach(() => Object.assign(orderedReaderTuning, DEFAULT_TUNING))

describe('indexed and full-scan evaluation agree', () => {
  it.each(QUERIES)('%s', async (query, params) => {
    for (const paging of PAGINGS) {
      Object.assign(orderedReaderTuning, paging)
      for (const view of VIEWS) {
        const indexed = await store.query(query, params, { ...view, planner: 'indexed' })
        const full = await store.query(query, params, { ...view, planner: 'fullscan' })
        expect({ paging: paging.name, view, result: indexed.result }).toEqual({ paging: paging.name, view, result: full.result })
      }
    }
  })
})

describe('planner', () => {
  const plan = (query: string, params: Record<string, unknown> = {}) => planIndexLookups(parseQuery(query, params), params)

  it('uses the indexes for article-by-slug, list and id queries', () => {
    expect(plan('*[_type == "article" && slug.current == $slug][0]{..., section->}', { slug: 'x' })).toEqual([{ field: 'slug', values: ['x'] }])
    expect(plan('*[_type == "article"] | order(publishedAt desc)[0...20]')).toEqual([{ field: 'type', values: ['article'] }])
    expect(plan('*[_id in $ids]', { ids: ['a', 'b'] })).toEqual([{ field: 'id', values: ['a', 'b'] }])
  })

  it('prefers a type to a slug merely defined or a one-sided range, and a period to a type', () => {
    // The site's data query: reading every story with a slug for its sections list timed out at 100k.
    expect(plan('*[_type == "section" && defined(slug.current)] | order(title asc){_id}')).toEqual([{ field: 'type', values: ['section'] }])
    expect(plan('*[_type == "article" && publishedAt < $from] | order(publishedAt desc)[0]', { from: '2020' })).toEqual([{ field: 'type', values: ['article'] }])
    const period = plan('*[_type == "article" && defined(slug.current) && publishedAt >= $from && publishedAt < $to].publishedAt', { from: '2020', to: '2021' })
    expect(period).toMatchObject([{ field: 'keyRange', key: 'publishedAt', rank: 3, lower: { inclusive: true }, upper: { inclusive: false } }])
    expect(plan('*[defined(slug.current)]')).toEqual([{ field: 'slugDefined' }])
  })

  it('falls back to a full scan when any * is unconstrained', () => {
    expect(plan('*[defined(slug)]')).toBeNull()
    expect(plan('count(*)')).toBeNull()
    expect(plan('*[_type == "a" || defined(x)]')).toBeNull()
    expect(plan('*[_type == "a"]{"all": *[defined(x)]}')).toBeNull()
    expect(plan('*[slug.current == 5]')).toBeNull()
  })

  it('reports which plan it used', async () => {
    expect((await store.query('*[_type == "article"]', {})).plan).toBe('indexed')
    expect((await store.query('*[defined(title)]', {})).plan).toBe('fullscan')
  })

  it('uses the ordered top-N plan for list queries, in every view', async () => {
    const list = '*[_type == "story"] | order(publishedAt desc)[0...20]{_id, publishedAt, "section": section->title}'
    for (const view of VIEWS) expect((await store.query(list, {}, view)).plan).toBe('ordered')
    expect((await store.query(list, {}, { planner: 'fullscan' })).plan).toBe('fullscan')
    expect(planOrderedQuery(parseQuery(list, {}), {})).toMatchObject({ field: 'publishedAt', direction: 'desc', types: ['story'], need: 20 })
    expect(planOrderedQuery(parseQuery('*[_type == "a"] | order(_updatedAt)[2..4]', {}), {})).toMatchObject({ field: '_updatedAt', direction: 'asc', need: 5 })
    expect(planOrderedQuery(parseQuery('*[_type == "a"] | order(_createdAt desc)[3]', {}), {})).toMatchObject({ need: 4 })
  })

  it('does not use the ordered plan when it could change a result', () => {
    const ordered = (query: string, params: Record<string, unknown> = {}) => planOrderedQuery(parseQuery(query, params), params)
    expect(ordered('*[_type == "a"] | order(title desc)[0...3]')).toBeNull() // not an order-key field
    expect(ordered('*[_type == "a"] | order(dateTime(publishedAt) desc)[0...3]')).toBeNull()
    expect(ordered('*[_type == "a"] | order(meta.publishedAt desc)[0...3]')).toBeNull()
    expect(ordered('*[_type == "a"] | order(publishedAt desc)')).toBeNull() // no slice: everything is read
    expect(ordered('*[_type == "a"] | order(publishedAt desc)[-3..-1]')).toBeNull()
    expect(ordered('*[_type == "a"] | order(publishedAt desc)[0...3]{"n": count(*[_type == "b"])}')).toBeNull() // two *
    expect(ordered('*[defined(publishedAt)] | order(publishedAt desc)[0...3]')).toBeNull() // F not plannable
    expect(ordered('*[slug.current == "x"] | order(publishedAt desc)[0...3]')).toBeNull() // slug lookup is cheaper
    expect(ordered('*[_type == "a"]{_id, publishedAt} | order(publishedAt desc)[0...3]')).toBeNull() // projected first
    expect(ordered('(*[_type == "a"] | order(publishedAt desc))[0...3]')).toBeNull()
  })
})

describe('ordered plan: skipping an offset by counting rows', () => {
  const bySection = '*[_type == "story" && section._ref == $s] | order(publishedAt desc)[$from...$to]{_id, publishedAt}'
  const byReferences = '*[_type == "story" && references($s)] | order(publishedAt asc)[$from...$to]{_id, publishedAt}'

  it.each([
    ['the reference index', bySection, 'referenceKeyAt'],
    ['the type and key index', byReferences, 'keyAt'],
  ] as const)('counts the rows before the page in %s instead of reading them, with the same result in every view', async (_how, page, counter) => {
    Object.assign(orderedReaderTuning, { minSkip: 1 })
    const keyAt = jest.spyOn(store.database.queries, counter)
    try {
      for (const from of [0, 1, 3, 7, 12, 19, 25]) {
        for (const view of VIEWS) {
          const params = { s: 'section-world', from, to: from + 4 }
          const indexed = await store.query(page, params, { ...view, planner: 'indexed' })
          const full = await store.query(page, params, { ...view, planner: 'fullscan' })
          expect({ from, view, result: indexed.result }).toEqual({ from, view, result: full.result })
        }
      }
      // Only views without overlays (published, raw, anonymous) skip: their rows are the matches.
      expect(keyAt).toHaveBeenCalled()
    } finally {
      keyAt.mockRestore()
    }
  })
})

describe('parsed-document cache', () => {
  it('never serves a stale document, even when a write keeps the rev', async () => {
    const q = '*[_type == "story"] | order(publishedAt desc)[0...40]{_id, headline}'
    const before = await store.query('*[_id == "story-30"][0].headline', {})
    expect(before.result).toBeNull()
    const stored = store.readStored('story-30')!
    store.database.writeDocument({ ...stored, headline: 'same rev, new body' })
    expect((await store.query('*[_id == "story-30"][0].headline', {})).result).toBe('same rev, new body')
    await store.mutate([{ patch: { id: 'story-30', set: { headline: 'patched' } } }])
    const indexed = await store.query(q, {})
    expect(indexed.result).toEqual((await store.query(q, {}, { planner: 'fullscan' })).result)
    expect((indexed.result as { _id: string; headline?: string }[]).find((d) => d._id === 'story-30')?.headline).toBe('patched')
  })

  it('hands out frozen documents (they are shared between queries)', async () => {
    const { result } = await store.query('*[_id == "story-31"][0]', {})
    expect(Object.isFrozen(result)).toBe(true)
    expect(() => {
      ;(result as Record<string, unknown>).rank = 1
    }).toThrow(TypeError)
  })
})

describe('order-key columns', () => {
  it('are added and backfilled when an older lake file is opened', async () => {
    const dir = makeTempDir()
    try {
      const old = new Database(path.join(dir, 'lake.sqlite'))
      old.exec(
        'CREATE TABLE documents (id TEXT PRIMARY KEY, type TEXT NOT NULL, slug_current TEXT, rev TEXT NOT NULL, body TEXT NOT NULL) WITHOUT ROWID;' +
          'CREATE INDEX documents_by_type ON documents(type, id);',
      )
      const insert = old.prepare('INSERT INTO documents (id, type, slug_current, rev, body) VALUES (?, ?, NULL, ?, ?)')
      for (const doc of STORIES) insert.run(doc._id, doc._type, 'r0', JSON.stringify({ ...doc, _rev: 'r0' }))
      old.close()
      const migrated = openLakeStore(dir)
      try {
        const q = '*[_type == "story"] | order(publishedAt desc)[0...9]{_id, publishedAt}'
        for (const view of VIEWS) {
          const indexed = await migrated.query(q, {}, view)
          expect(indexed.plan).toBe('ordered')
          expect(indexed.result).toEqual((await migrated.query(q, {}, { ...view, planner: 'fullscan' })).result)
        }
      } finally {
        await migrated.close()
      }
    } finally {
      removeDir(dir)
    }
  })
})
