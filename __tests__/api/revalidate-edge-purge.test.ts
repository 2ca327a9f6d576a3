/**
 * POST /api/revalidate with a cache tier in front (EDGE_CACHE): a publish purges the same tags it
 * revalidates — the document's own removed at once, its type's lists soft-purged — and answers
 * 200 only once the tier acknowledged; otherwise 503, so the webhook's sender delivers it again,
 * and the keys are sent again with the next delivery (also one the check calls a duplicate).
 * The tier here is a local fake recording the requests (Varnish's xkey PURGE, Fastly's API).
 */
import { encodeSignatureHeader, SIGNATURE_HEADER_NAME } from '@sanity/webhook'
import { NextRequest } from 'next/server'
import { startFakePurgeApi, type FakeAnswer, type ReceivedRequest } from '../support/fake-purge-api'

const revalidateTag = jest.fn()
jest.mock('next/cache', () => ({ revalidateTag: (...args: unknown[]) => revalidateTag(...args) }))
const afterResponse: (() => Promise<unknown>)[] = []
jest.mock('next/server', () => ({ ...jest.requireActual('next/server'), after: (task: () => Promise<unknown>) => afterResponse.push(task) }))

import { POST } from '@/app/api/revalidate/route'

const SECRET = 'test-webhook-secret-0123456789'
const savedEnv = { ...process.env }
let api: Awaited<ReturnType<typeof startFakePurgeApi>>
let answer: (request: ReceivedRequest) => FakeAnswer = () => ({ status: 200, body: 'purged' })

beforeEach(async () => {
  api = await startFakePurgeApi((request) => answer(request))
  Object.assign(process.env, { SANITY_WEBHOOK_SECRET: SECRET, EDGE_CACHE: 'varnish', VARNISH_PURGE_URLS: api.url })
  revalidateTag.mockClear()
  afterResponse.length = 0
  // Failed purges are logged (at most every 30 s); the answers below are what this checks.
  jest.spyOn(console, 'error').mockImplementation(() => undefined)
  answer = () => ({ status: 200, body: 'purged' })
})
afterEach(async () => {
  jest.restoreAllMocks()
  await api.close()
})
afterAll(() => {
  process.env = savedEnv
})

let sequence = 0
async function deliver(doc: Record<string, unknown>, timestamp = Date.now() + sequence++) {
  const body = JSON.stringify(doc)
  const request = new NextRequest('http://127.0.0.1/api/revalidate', {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', [SIGNATURE_HEADER_NAME]: await encodeSignatureHeader(body, timestamp, SECRET) },
  })
  const response = await POST(request)
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.json() }
}

const update = (id: string, slug: string) => ({ _id: id, _type: 'article', slug, previousSlug: `${slug}-old`, operation: 'update' })
const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(', ') : value)
const purges = () => api.received.map(({ method, headers }) => ({ method, hard: header(headers['xkey-purge']), soft: header(headers['xkey-softpurge']) }))

describe('a publish purges the cache in front', () => {
  it('purges the revalidated tags (own at once, lists soft) before answering 200, and once more after answering', async () => {
    const result = await deliver(update('article-a', 'a'))
    expect(result.status).toBe(200)
    expect(revalidateTag).toHaveBeenCalledWith('article-slug:a', { expire: 0 })
    expect(purges()).toEqual([{ method: 'PURGE', hard: 'article:article-a article-slug:a article-slug:a-old', soft: 'type:article' }])
    expect(afterResponse).toHaveLength(1)
    await afterResponse[0]()
    expect(purges()).toHaveLength(2)
    expect(purges()[1]).toEqual(purges()[0])
  })

  it('answers 503 while the purge is not acknowledged (Next still revalidated), then purges the keys with the next delivery', async () => {
    answer = () => ({ status: 503, body: 'Backend fetch failed' })
    const failed = await deliver(update('article-b', 'b'))
    expect(failed).toMatchObject({ status: 503, retryAfter: '1', body: { error: expect.stringMatching(/Varnish purge at .* answered 503/) } })
    expect(revalidateTag).toHaveBeenCalledWith('article-slug:b', { expire: 0 })
    expect(api.received).toHaveLength(2) // tried twice
    expect(afterResponse).toHaveLength(0)

    answer = () => ({ status: 200, body: 'purged' })
    api.received.length = 0
    expect((await deliver(update('article-c', 'c'))).status).toBe(200)
    const [first] = purges()
    expect(first.hard?.split(' ').sort()).toEqual(['article-slug:b', 'article-slug:b-old', 'article-slug:c', 'article-slug:c-old', 'article:article-b', 'article:article-c'])
    expect(first.soft).toBe('type:article')
  })

  it('retries a failed purge with a repeated delivery of the same signature (a duplicate for Next)', async () => {
    const timestamp = Date.now() + 1000 + sequence++
    answer = () => ({ status: 500, body: 'nope' })
    expect((await deliver(update('article-d', 'd'), timestamp)).status).toBe(503)
    answer = () => ({ status: 200, body: 'purged' })
    api.received.length = 0
    const again = await deliver(update('article-d', 'd'), timestamp)
    expect(again).toMatchObject({ status: 200, body: { duplicate: true } })
    expect(purges()).toEqual([{ method: 'PURGE', hard: 'article:article-d article-slug:d article-slug:d-old', soft: 'type:article' }])
  })

  it('answers within the sender’s 5 s when the tier never answers (each attempt gives up after 1.5 s)', async () => {
    answer = () => {
      throw new Error('unreachable')
    }
    const hanging = await startHangingServer()
    process.env.VARNISH_PURGE_URLS = hanging.url
    try {
      const started = performance.now()
      const result = await deliver(update('article-e', 'e'))
      const tookMs = performance.now() - started
      console.log(`a purge that never answers: the webhook answered ${result.status} after ${Math.round(tookMs)} ms`)
      expect(result.status).toBe(503)
      expect(result.body.error).toMatch(/timeout|aborted/i)
      expect(tookMs).toBeLessThan(10_000)
    } finally {
      await hanging.close()
      // The next acknowledged purge carries the keys left waiting.
      process.env.VARNISH_PURGE_URLS = api.url
      answer = () => ({ status: 200, body: 'purged' })
      expect((await deliver({ _id: 'breaking', _type: 'breakingNews' })).status).toBe(200)
      expect(purges().at(-1)?.hard).toContain('article-slug:e')
    }
  })

  it('purges through Fastly’s API when EDGE_CACHE=fastly (soft purges with Fastly-Soft-Purge)', async () => {
    Object.assign(process.env, { EDGE_CACHE: 'fastly', VARNISH_PURGE_URLS: '', FASTLY_SERVICE_ID: 'svc123', FASTLY_API_TOKEN: 'fastly-token-0123456789', FASTLY_API_URL: api.url })
    answer = (request) => ({ status: 200, body: JSON.stringify(Object.fromEntries(JSON.parse(request.body).surrogate_keys.map((key: string) => [key, 'id']))) })
    try {
      expect((await deliver({ _id: 'siteSettings', _type: 'siteSettings' })).status).toBe(200)
      expect(api.received.map((request) => [request.url, request.headers['fastly-soft-purge'], JSON.parse(request.body).surrogate_keys])).toEqual([
        ['/service/svc123/purge', undefined, ['siteSettings:siteSettings']],
        ['/service/svc123/purge', '1', ['type:siteSettings', 'siteSettings']],
      ])
    } finally {
      for (const name of ['FASTLY_SERVICE_ID', 'FASTLY_API_TOKEN', 'FASTLY_API_URL']) delete process.env[name]
    }
  })
})

/** A server that accepts requests and never answers them (stopped by its own close). */
async function startHangingServer() {
  const http = await import('node:http')
  const server = http.createServer(() => undefined)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
