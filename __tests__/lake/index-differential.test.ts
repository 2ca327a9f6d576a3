/**
 * Differential tests of the indexed query shapes of issue 19: every query is sent to a running lake
 * through its HTTP API (as @sanity/client sends it) in several perspectives, anonymous and with
 * the token, and the answer must equal groq-js evaluating the same query over the same documents
 * as that perspective shows them (computed in `index-corpus.ts`, not by the lake). The shapes:
 * counts answered by SQLite, reference joins (`->`, `references()`, `x._ref`), ordered slices
 * with offsets the lake skips by counting, dataset-order slices, `match` through FTS5 and
 * `score()` ranking read in order of score bounds. The plan each shape takes is checked too, so
 * these tests keep exercising the indexes rather than a fallback.
 */

import type { SanityClient } from '@sanity/client'
import { evaluate, parse } from 'groq-js'
import type { LakeDocument, RunningLakeServer } from '../../lib/lake'
import { lakeClient, removeDir, startTestLake, TOKEN } from './helpers'
import { corpus, viewOf, type ViewName } from './index-corpus'

jest.setTimeout(300_000)

let lake: RunningLakeServer
let dataDir: string
let stored: LakeDocument[]
const clients = new Map<string, SanityClient>()

const VIEWS: { perspective: ViewName; authenticated: boolean }[] = [
  { perspective: 'published', authenticated: false },
  { perspective: 'published', authenticated: true },
  { perspective: 'drafts', authenticated: true },
  { perspective: 'raw', authenticated: true },
  { perspective: 'r1,drafts', authenticated: true },
  { perspective: 'drafts', authenticated: false },
]

beforeAll(async () => {
  ;({ lake, dataDir } = await startTestLake({ seed: false }))
  const editor = lakeClient(lake.url, { token: TOKEN })
  const docs = corpus()
  for (let i = 0; i < docs.length; i += 100) await editor.mutate(docs.slice(i, i + 100).map((doc) => ({ create: doc })) as never)
  stored = await editor.fetch<LakeDocument[]>('*', {}, { perspective: 'raw' })
  expect(stored.length).toBe(docs.length)
  clients.set('true', lakeClient(lake.url, { token: TOKEN }))
  clients.set('false', lakeClient(lake.url))
})

afterAll(async () => {
  await lake?.close()
  removeDir(dataDir)
})

async function groqJs(query: string, params: Record<string, unknown>, perspective: ViewName, authenticated: boolean): Promise<unknown> {
  const value = await evaluate(parse(query, { params }), { dataset: viewOf(stored, perspective, authenticated), params })
  return JSON.parse(JSON.stringify((await value.get()) ?? null))
}

async function expectSameAsGroqJs(query: string, params: Record<string, unknown> = {}): Promise<void> {
  for (const { perspective, authenticated } of VIEWS) {
    const client = clients.get(String(authenticated))!
    const lakeAnswer = await client.fetch(query, params, { perspective: perspective as 'raw' })
    expect({ perspective, authenticated, result: lakeAnswer }).toEqual({ perspective, authenticated, result: await groqJs(query, params, perspective, authenticated) })
  }
}

/** The plan the lake uses for a query (in the server's store, published, with the token). */
async function planOf(query: string, params: Record<string, unknown> = {}): Promise<string> {
  return (await lake.store.query(query, params, { perspective: 'published', authenticated: true })).plan
}

const COUNTS: [string, Record<string, unknown>][] = [
  ['count(*[_type == "article"])', {}],
  ['count(*[_type == $t])', { t: 'note' }],
  ['count(*)', {}],
  ['count(*[_type in ["article", "note"]])', {}],
  ['count(*[_type == "article" && section._ref == $s])', { s: 'section-culture' }],
  ['count(*[_type == "article" && section->slug.current == $slug])', { slug: 'tech' }],
  ['count(*[references($id)])', { id: 'section-tech' }],
  ['count(*[references($ids)])', { ids: ['article-000', 'section-world'] }],
  ['count(*[_type == "article" && (section._ref == "section-world" || section._ref == "section-tech")])', {}],
  ['count(*[slug.current == $slug])', { slug: 'brand-new' }],
  ['count(*[_id in $ids])', { ids: ['article-007', 'article-020', 'nope'] }],
  ['count(*[_type == "article"][section._ref == "section-tech"])', {}],
  ['count(*[references("")])', {}],
  ['{"total": count(*[_type == "article"]), "sections": *[_type == "section"]{_id, "n": count(*[references(^._id)])}}', {}],
]

describe('counts', () => {
  it.each(COUNTS)('%s', async (query, params) => expectSameAsGroqJs(query, params))

  it('are answered by SQLite without reading documents', async () => {
    expect(await planOf('count(*[_type == "article" && section._ref == $s])', { s: 'section-world' })).toBe('counted')
    expect(await planOf('count(*[references($id)])', { id: 'section-world' })).toBe('counted')
  })
})

/** The date archive's shapes (lib/content/archive.ts): ranges of an order key, `defined(slug.current)`. */
const PERIOD = '_type == "article" && defined(slug.current) && publishedAt >= $from && publishedAt < $to'
const RANGES: [string, Record<string, unknown>][] = [
  ...[
    ['2024-01', '2024-02'],
    ['2024-03-01', '2024-03-04'],
    ['2024', '2025'],
    ['', '\uFFFF'],
    ['2024-05-0\uD83D', '2030'],
    [5, 8],
    [7, 7],
    ['2025', '2024'],
  ].flatMap(([from, to]): [string, Record<string, unknown>][] => [
    [`count(*[${PERIOD}])`, { from, to }],
    [`*[${PERIOD}] | order(publishedAt desc, _id asc)[$start...$end]{_id, publishedAt}`, { from, to, start: 2, end: 9 }],
    [`*[${PERIOD}] | order(publishedAt asc).publishedAt`, { from, to }],
  ]),
  ['*[_type == "article" && defined(slug.current) && publishedAt < $from] | order(publishedAt desc)[0].publishedAt', { from: '2024-04' }],
  ['*[_type == "article" && defined(slug.current) && publishedAt >= $to] | order(publishedAt asc)[0].publishedAt', { to: '2024-04' }],
  ['*[$from <= publishedAt && 8 > _updatedAt]._id', { from: '2024-06' }],
  ['*[publishedAt > 6 || publishedAt <= "2024-02"]._id', {}],
  ['*[_type == "article" && defined(slug.current) && updatedAt > ""] | order(updatedAt desc)[0].updatedAt', {}],
  ['*[_type == "article" && updatedAt > 1] | order(updatedAt desc)[0...3]{_id, updatedAt}', {}],
  ['*[_type == "article" && defined(slug.current) && publishedAt > ""] | order(publishedAt desc)[0].publishedAt', {}],
  ['*[_type == "article"] | order(updatedAt desc)[0...3]._id', {}],
  ['count(*[defined(slug.current)])', {}],
  ['*[!defined(slug.current)]._id', {}],
  ['count(*[_type == "article" && defined(slug.current) && publishedAt > true])', {}],
]

describe('ranges of an order key and defined(slug.current)', () => {
  it.each(RANGES)('%s %j', async (query, params) => expectSameAsGroqJs(query, params))

  it('are answered from the indexes', async () => {
    expect(await planOf(`count(*[${PERIOD}])`, { from: '2024-01', to: '2024-03' })).toBe('counted')
    expect(await planOf(`*[${PERIOD}] | order(publishedAt desc, _id asc)[0...5]._id`, { from: '2024-01', to: '2024-03' })).toBe('ordered')
  })
})

const JOINS: [string, Record<string, unknown>][] = [
  ['*[_type == "article" && section->slug.current == $slug]{_id, "s": section->slug.current}', { slug: 'culture' }],
  ['*[references($id)]._id', { id: 'article-000' }],
  ['*[_type == "article" && references($id)] | order(publishedAt desc)[0...5]{_id, publishedAt, "s": section->slug.current}', { id: 'section-world' }],
  ['*[_type == "article" && section._ref in $sections]._id', { sections: ['section-world', 'section-culture'] }],
  ['*[wrapper._ref == "article-000"]._id', {}],
  ['*[wrapper.inner._ref == "section-tech"]._id', {}],
  ['*[_type == "article" && related[]._ref == "article-010"]._id', {}],
]

describe('reference joins', () => {
  it.each(JOINS)('%s', async (query, params) => expectSameAsGroqJs(query, params))
})

const SECTION_PAGE = '*[_type == "article" && section._ref == $s] | order(publishedAt desc)[$from...$to]{_id, publishedAt, "s": section->slug.current}'
const ORDERED: [string, Record<string, unknown>][] = [
  ...[0, 5, 30, 63, 64, 65, 70, 77, 79, 80, 100].map((from): [string, Record<string, unknown>] => [SECTION_PAGE, { s: 'section-tech', from, to: from + 7 }]),
  ['*[_type == "article" && section->slug.current == $slug] | order(publishedAt asc)[66...75]._id', { slug: 'world' }],
  ['*[_type == "article" && references($id)] | order(publishedAt desc)[70]._id', { id: 'section-culture' }],
  ['*[_type == "article"] | order(publishedAt desc, _id desc)[150...160]._id', {}],
  ['*[_type == "article"] | order(_updatedAt desc)[200..205]._id', {}],
  ['*[_type == "article" && headline match "kremlin"] | order(publishedAt desc)[0...6]._id', {}],
]

describe('ordered slices with offsets', () => {
  it.each(ORDERED)('%s %j', async (query, params) => expectSameAsGroqJs(query, params))

  it('stream in key order', async () => expect(await planOf(SECTION_PAGE, { s: 'section-tech', from: 70, to: 77 })).toBe('ordered'))
})

const DATASET_ORDER: [string, Record<string, unknown>][] = [
  ['*[_type == "article" && headline match "Kremlin*"][0...20]{_id, headline}', {}],
  ['*[_type == "article" && section._ref == $s][10...20]._id', { s: 'section-world' }],
  ['*[_type == "article" && pt::text(body) match "talks"][3]._id', {}],
  ['*[tags match "zürich"]{_id}[0...4]', {}],
]

describe('dataset-order slices', () => {
  it.each(DATASET_ORDER)('%s', async (query, params) => expectSameAsGroqJs(query, params))

  it('stream in id order', async () => expect(await planOf(DATASET_ORDER[0][0])).toBe('ordered'))
})
