/**
 * Index planner: every query of the suite is evaluated both through the indexes and as a full
 * scan, in every perspective, authenticated and not; the results must be identical.
 */

import './esm-shims'
import path from 'node:path'
import { importNdjson, openLakeStore, type LakeStore } from '../../lib/lake'
import { planIndexLookups } from '../../lib/lake/index-planner'
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
})

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
]

const VIEWS = [
  { perspective: 'published', authenticated: true },
  { perspective: 'drafts', authenticated: true },
  { perspective: 'raw', authenticated: true },
  { perspective: 'r1,drafts', authenticated: true },
  { perspective: 'drafts', authenticated: false },
  { perspective: 'raw', authenticated: false },
]

describe('indexed and full-scan evaluation agree', () => {
  it.each(QUERIES)('%s', async (query, params) => {
    for (const view of VIEWS) {
      const indexed = await store.query(query, params, { ...view, planner: 'indexed' })
      const full = await store.query(query, params, { ...view, planner: 'fullscan' })
      expect({ view, result: indexed.result }).toEqual({ view, result: full.result })
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
})
