/**
 * Issue 18: the site's own reads of published content have a share of the lake's workers of
 * their own. Through the site's real client (lib/sanity/client.ts, which sends the site reader
 * credential derived from the server's token), a costly query of the site's kind keeps answering
 * while 12 local anonymous attackers hold the heavy lane and have spent loopback's budget (the
 * same query sent anonymously gets 429s). The credential reads published content only.
 */

import { startLakeServer, type RunningLakeServer } from '../../lib/lake'
import { siteReaderTokenFor } from '../../lib/lake/site-reader'
import { articleBySlugQuery } from '@/lib/content/article'
import { siteSettingsQuery } from '@/lib/content/site'
import { getPublishedClient } from '@/lib/sanity/client'
import { siteReaderToken } from '@/lib/sanity/site-reader-token'
import { fetchJson, FIXTURES_DIR, makeTempDir, removeDir, TOKEN } from './helpers'

jest.setTimeout(120_000)

const enc = encodeURIComponent
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
/** Nested `*`: evaluated once per document per level, it runs until the time limit. */
const NESTED_STARS = (() => {
  let q = '*'
  for (let i = 0; i < 9; i++) q = `*[count(${q}) > 0]`
  return `count(${q})`
})()
/**
 * The reader pages' queries with more than one `*` (site settings in the layout on every page,
 * the story): more than one `*` each, so heavy for the lake until their shape has run once.
 */
const SITE_QUERIES: [string, Record<string, unknown>][] = [
  [siteSettingsQuery, {}],
  [articleBySlugQuery, { slug: 'one' }],
]

describe('the site reader credential', () => {
  let lake: RunningLakeServer
  let dir: string
  let api: string
  const saved = { ...process.env }

  beforeAll(async () => {
    dir = makeTempDir()
    // A short time limit and a small budget: 12 attackers spend loopback's budget within seconds.
    lake = await startLakeServer({ dataDir: dir, port: 0, token: TOKEN, seedDir: FIXTURES_DIR, queryTimeoutMs: 1000, queryPool: { clientBudgetMs: 2000 }, log: () => undefined })
    api = `${lake.url}/v2025-02-19`
    Object.assign(process.env, { LAKE_URL: lake.url, SANITY_API_TOKEN: TOKEN, SANITY_PROJECT_ID: '' })
  })
  afterAll(async () => {
    process.env = { ...saved }
    await lake?.close()
    removeDir(dir)
  })

  it('is what the site sends with the embedded lake, and only a value derived from the token', () => {
    expect(siteReaderToken()).toBe(siteReaderTokenFor(TOKEN))
    expect(siteReaderToken()).not.toContain(TOKEN)
    expect(siteReaderTokenFor(TOKEN)).toMatch(/^[\w-]{43}$/)
  })

  it('reads published content only, like an anonymous reader, and writes nothing', async () => {
    const reader = { authorization: `Bearer ${siteReaderTokenFor(TOKEN)}` }
    for (const perspective of ['raw', 'drafts', 'published']) {
      const reply = await fetchJson(`${api}/data/query/production?perspective=${perspective}&query=${enc('*[_id in ["article-four", "drafts.article-four", "drafts.article-two"]]._id')}`, { headers: reader })
      expect({ perspective, status: reply.status, ids: reply.status === 200 ? reply.body.result : [] }).toEqual({ perspective, status: reply.status, ids: [] })
    }
    expect((await fetchJson(`${api}/data/doc/production/drafts.article-two`, { headers: reader })).body.documents).toEqual([])
    const write = await fetchJson(`${api}/data/mutate/production`, {
      method: 'POST',
      headers: { ...reader, 'content-type': 'application/json' },
      body: JSON.stringify({ mutations: [{ createOrReplace: { _id: 'x', _type: 'probe' } }] }),
    })
    expect(write.status).toBe(401)
    expect((await fetchJson(`${api}/data/history/production/documents/article-one`, { headers: reader })).status).toBe(401)
  })

  it("answers the site's page queries while 12 local anonymous attackers have spent loopback's budget", async () => {
    const deadline = Date.now() + 8000
    const attackers = Array.from({ length: 12 }, async () => {
      const statuses: number[] = []
      while (Date.now() < deadline) statuses.push((await fetchJson(`${api}/data/query/production?query=${enc(NESTED_STARS)}`, {}, 30_000)).status)
      return statuses
    })
    await sleep(2500)
    const client = getPublishedClient()
    const anonymous: number[] = []
    const site: { ok: boolean; ms: number }[] = []
    for (const [query, params] of SITE_QUERIES) {
      // First anonymously, as the site sent them before: loopback's spent budget refuses them.
      const search = Object.entries(params).map(([name, value]) => `&${enc(`$${name}`)}=${enc(JSON.stringify(value))}`).join('')
      anonymous.push((await fetchJson(`${api}/data/query/production?query=${enc(query)}${search}`, {}, 30_000)).status)
      const started = performance.now()
      const ok = await client.fetch(query, params).then(() => true, () => false)
      site.push({ ok, ms: performance.now() - started })
    }
    const attackerStatuses = (await Promise.all(attackers)).flat()
    expect(attackerStatuses.filter((status) => status === 429).length).toBeGreaterThan(0)
    expect(anonymous).toEqual(SITE_QUERIES.map(() => 429))
    // The site's own share: every page query answered, never queued behind the attackers' 1 s queries.
    expect(site.map(({ ok }) => ok)).toEqual(SITE_QUERIES.map(() => true))
    expect(Math.max(...site.map(({ ms }) => ms))).toBeLessThan(3000)
  })

  it('reads only published documents through the site client', async () => {
    const slugs = await getPublishedClient().fetch('*[_type == "article" && slug.current in $slugs].slug.current', { slugs: ['one', 'two', 'four'] })
    expect([...slugs].sort()).toEqual(['one', 'two'])
  })
})
