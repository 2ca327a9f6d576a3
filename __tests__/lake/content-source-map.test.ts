/**
 * Content Source Maps from the lake (`resultSourceMap` on a query): each string of the result
 * maps to its document and field — renamed projections, keyed arrays, dereferenced documents and
 * the drafts perspective included — so @sanity/client can stega-encode it for Presentation.
 * Without the parameter the answer is as before.
 */
import { buildContentSourceMap } from '@/lib/lake/content-source-map'
import { lakeClient, makeTempDir, removeDir, TOKEN } from './helpers'
import { startLakeServer, type RunningLakeServer } from '@/lib/lake'

// Each test makes real HTTP round trips through @sanity/client: room for a busy machine.
jest.setTimeout(30_000)

const doc = {
  _id: 'a1',
  _type: 'article',
  headline: 'Same words',
  dek: 'Same words',
  body: [{ _key: 'b1', _type: 'block', children: [{ _key: 's1', _type: 'span', text: 'Paragraph' }] }],
  section: { _ref: 's1', _type: 'reference' },
}
const section = { _id: 's1', _type: 'section', title: 'Middle East' }

describe('buildContentSourceMap', () => {
  it('maps strings to the field the result names, keyed arrays by _key, nested documents to themselves', async () => {
    const result = { _id: 'a1', title: 'Same words', dek: 'Same words', body: doc.body, section: { _id: 's1', title: 'Middle East' }, computed: 'nowhere' }
    const csm = await buildContentSourceMap(result, async (ids) => [doc, section].filter((d) => ids.includes(d._id)))
    const sourceOf = (resultPath: string) => {
      const mapping = csm.mappings[resultPath]
      if (!mapping || mapping.type !== 'value' || mapping.source.type !== 'documentValue') return null
      return { id: csm.documents[mapping.source.document]._id, path: csm.paths[mapping.source.path] }
    }
    expect(sourceOf("$['dek']")).toEqual({ id: 'a1', path: "$['dek']" })
    // Renamed in the projection: the stored string it equals (the first such, as no path matches better).
    expect(sourceOf("$['title']")?.id).toBe('a1')
    expect(sourceOf("$['body'][0]['children'][0]['text']")).toEqual({ id: 'a1', path: "$['body'][?(@._key=='b1')]['children'][?(@._key=='s1')]['text']" })
    expect(sourceOf("$['section']['title']")).toEqual({ id: 's1', path: "$['title']" })
    expect(sourceOf("$['computed']")).toBeNull()
    expect(sourceOf("$['_id']")).toBeNull()
  })
})

describe('GET /data/query with resultSourceMap', () => {
  let lake: RunningLakeServer
  let dataDir: string
  beforeAll(async () => {
    dataDir = makeTempDir('csm-')
    lake = await startLakeServer({ dataDir, port: 0, token: TOKEN, log: () => undefined })
    const client = lakeClient(lake.url, { token: TOKEN })
    await client.transaction().createOrReplace(doc).createOrReplace(section).createOrReplace({ ...doc, _id: 'drafts.a1', headline: 'Draft words' }).commit({ visibility: 'sync' })
  }, 30_000)
  afterAll(async () => {
    await lake?.close()
    removeDir(dataDir)
  })

  const query = '*[_id == "a1"][0]{_id, headline, section->{_id, title}}'

  it('maps the draft in the drafts perspective, and the client encodes it', async () => {
    const client = lakeClient(lake.url, { token: TOKEN, perspective: 'drafts' })
    const { result, resultSourceMap } = await client.fetch(query, {}, { filterResponse: false, resultSourceMap: 'withKeyArraySelector' })
    expect(result.headline).toBe('Draft words')
    expect(resultSourceMap?.documents).toEqual(expect.arrayContaining([{ _id: 'drafts.a1', _type: 'article' }, { _id: 's1', _type: 'section' }]))
    const encoded = await client.fetch(query, {}, { stega: { enabled: true, studioUrl: '/studio' } })
    expect(encoded.headline.startsWith('Draft words')).toBe(true)
    expect(encoded.headline.length).toBeGreaterThan('Draft words'.length)
    expect(encoded._id).toBe('a1')
  })

  it('answers without a source map unless asked', async () => {
    const response = await fetch(`${lake.url}/v2025-02-19/data/query/production?query=${encodeURIComponent(query)}`)
    const body = await response.json()
    expect(body.result.headline).toBe('Same words')
    expect(body).not.toHaveProperty('resultSourceMap')
  })
})
