/**
 * The purge requests each cache tier documents, sent to a local fake of its API that records them
 * exactly (lib/cache/edge-purgers.ts), and what counts as acknowledged: Fastly's purge by surrogate
 * key (hard, then `Fastly-Soft-Purge: 1`), Cloudflare's purge by tag, Varnish's xkey PURGE to
 * every instance. Anything else — an error status, a body that does not acknowledge every key, a
 * timeout, a refused connection — is an EdgePurgeError that never contains the token.
 */
import { cloudflarePurger, EdgePurgeError, fastlyPurger, varnishPurger } from '@/lib/cache/edge-purgers'
import { startFakePurgeApi, type FakeAnswer, type ReceivedRequest } from '../support/fake-purge-api'

const TOKEN = 'secret-token-0123456789abcdef'
const ZONE = '0123456789abcdef0123456789abcdef'
const KEYS = { hard: ['article:article-x', 'article-slug:new-slug'], soft: ['type:article'] }

let api: Awaited<ReturnType<typeof startFakePurgeApi>>
let answer: (request: ReceivedRequest) => FakeAnswer
beforeEach(async () => {
  api = await startFakePurgeApi((request) => answer(request))
})
afterEach(() => api.close())

/** Fastly's answer: a purge id per key in the JSON body. */
const fastlyAck = (request: ReceivedRequest): FakeAnswer => ({
  status: 200,
  body: JSON.stringify(Object.fromEntries((JSON.parse(request.body).surrogate_keys as string[]).map((key, i) => [key, `108-1391560174-${i}`]))),
})

async function failure(run: () => Promise<void>): Promise<EdgePurgeError> {
  try {
    await run()
  } catch (error) {
    expect(error).toBeInstanceOf(EdgePurgeError)
    expect((error as Error).message).not.toContain(TOKEN)
    return error as EdgePurgeError
  }
  throw new Error('the purge did not fail')
}

describe('Fastly: purge by surrogate key', () => {
  const purger = () => fastlyPurger({ serviceId: 'SU1Z0isxPaozGVKXdv0eY', token: TOKEN, apiUrl: api.url })

  it('POSTs the hard keys, then the soft ones with Fastly-Soft-Purge: 1, authenticated by Fastly-Key', async () => {
    answer = fastlyAck
    await purger().purge(KEYS)
    expect(api.received.map(({ method, url, headers, body }) => ({ method, url, key: headers['fastly-key'], soft: headers['fastly-soft-purge'], type: headers['content-type'], accept: headers.accept, body: JSON.parse(body) }))).toEqual([
      { method: 'POST', url: '/service/SU1Z0isxPaozGVKXdv0eY/purge', key: TOKEN, soft: undefined, type: 'application/json', accept: 'application/json', body: { surrogate_keys: KEYS.hard } },
      { method: 'POST', url: '/service/SU1Z0isxPaozGVKXdv0eY/purge', key: TOKEN, soft: '1', type: 'application/json', accept: 'application/json', body: { surrogate_keys: KEYS.soft } },
    ])
  })

  it('sends at most 256 keys a request', async () => {
    answer = fastlyAck
    const hard = Array.from({ length: 300 }, (_, i) => `article:a${i}`)
    await purger().purge({ hard, soft: [] })
    expect(api.received.map((request) => JSON.parse(request.body).surrogate_keys.length)).toEqual([256, 44])
  })

  it('fails unless every key is acknowledged with a 200', async () => {
    answer = () => ({ status: 200, body: JSON.stringify({ 'article:article-x': '108-1' }) })
    expect((await failure(() => purger().purge(KEYS))).message).toMatch(/did not acknowledge article-slug:new-slug/)
    answer = () => ({ status: 401, body: JSON.stringify({ msg: 'Provided credentials are missing or invalid' }) })
    expect((await failure(() => purger().purge(KEYS))).message).toMatch(/answered 401: .*credentials/)
    answer = () => ({ status: 200, body: 'OK' })
    expect((await failure(() => purger().purge(KEYS))).message).toMatch(/without JSON/)
  })
})

describe('Cloudflare: purge by cache tag', () => {
  const purger = () => cloudflarePurger({ zoneId: ZONE, token: TOKEN, apiUrl: `${api.url}/client/v4` })

  it('POSTs every tag (no soft purge by tag) with a bearer token, 30 a request', async () => {
    answer = () => ({ status: 200, body: JSON.stringify({ success: true, errors: [], messages: [], result: { id: 'purge-1' } }) })
    await purger().purge(KEYS)
    const many = Array.from({ length: 31 }, (_, i) => `type:t${i}`)
    await purger().purge({ hard: many, soft: [] })
    expect(api.received.map(({ method, url, headers, body }) => ({ method, url, auth: headers.authorization, type: headers['content-type'], body: JSON.parse(body) }))).toEqual([
      { method: 'POST', url: `/client/v4/zones/${ZONE}/purge_cache`, auth: `Bearer ${TOKEN}`, type: 'application/json', body: { tags: [...KEYS.hard, ...KEYS.soft] } },
      { method: 'POST', url: `/client/v4/zones/${ZONE}/purge_cache`, auth: `Bearer ${TOKEN}`, type: 'application/json', body: { tags: many.slice(0, 30) } },
      { method: 'POST', url: `/client/v4/zones/${ZONE}/purge_cache`, auth: `Bearer ${TOKEN}`, type: 'application/json', body: { tags: many.slice(30) } },
    ])
  })

  it('fails on "success": false, and passes on a rate limit’s Retry-After', async () => {
    answer = () => ({ status: 200, body: JSON.stringify({ success: false, errors: [{ code: 1134, message: 'Purge by tag not allowed' }] }) })
    expect((await failure(() => purger().purge(KEYS))).message).toMatch(/not successful: .*1134/)
    answer = () => ({ status: 429, headers: { 'retry-after': '30' }, body: JSON.stringify({ success: false, errors: [{ code: 10000, message: 'rate limited' }] }) })
    const limited = await failure(() => purger().purge(KEYS))
    expect(limited.message).toMatch(/answered 429/)
    expect(limited.retryAfterSeconds).toBe(30)
  })
})

describe('Varnish: xkey purge', () => {
  it('sends PURGE with xkey-purge and xkey-softpurge (space-separated) to every Varnish', async () => {
    const second = await startFakePurgeApi(() => ({ status: 200, body: 'purged 2, soft-purged 5\n' }))
    try {
      answer = () => ({ status: 200, body: 'purged 1, soft-purged 3\n' })
      await varnishPurger([api.url, second.url]).purge(KEYS)
      for (const received of [api.received, second.received]) {
        expect(received.map(({ method, url, headers }) => ({ method, url, hard: headers['xkey-purge'], soft: headers['xkey-softpurge'] }))).toEqual([
          { method: 'PURGE', url: '/', hard: 'article:article-x article-slug:new-slug', soft: 'type:article' },
        ])
      }
    } finally {
      await second.close()
    }
  })

  it('fails when any Varnish refuses or cannot be reached', async () => {
    answer = () => ({ status: 403, body: 'Forbidden' })
    expect((await failure(() => varnishPurger([api.url]).purge(KEYS))).message).toMatch(/Varnish purge at http:\/\/127\.0\.0\.1:\d+ answered 403/)
    const closed = await startFakePurgeApi(() => ({ status: 200, body: '' }))
    await closed.close()
    answer = () => ({ status: 200, body: '' })
    expect((await failure(() => varnishPurger([api.url, closed.url]).purge(KEYS))).message).toMatch(/failed: .*ECONNREFUSED/)
  })
})
