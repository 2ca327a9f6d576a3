/**
 * Query isolation: GROQ runs in worker threads with a hard deadline, so a hostile query (issue #12
 * rows 1 and 3) gets a 400 while a by-id query issued after it answers first; a worker terminated
 * at its deadline is replaced; the size limits answer 400 before any parse; a listen filter past
 * its per-transaction limit (row 4) ends its stream with a channelError and never holds up a write.
 */

import http from 'node:http'
import path from 'node:path'
import { openLakeStore, startLakeServer, type RunningLakeServer } from '../../lib/lake'
import { QUERY_LIMITS } from '../../lib/lake/query-limits'
import { spawnTsx } from './child-process'
import { expectLakeError, fetchJson, FIXTURES_DIR, makeTempDir, removeDir, TOKEN, type JsonReply } from './helpers'

jest.setTimeout(60_000)

const TIMEOUT_MS = 1500
const LISTEN_TIMEOUT_MS = 400
let lake: RunningLakeServer
let dataDir: string
let api: string
const auth = { authorization: `Bearer ${TOKEN}` }
const enc = encodeURIComponent

beforeAll(async () => {
  dataDir = makeTempDir()
  lake = await startLakeServer({
    dataDir, port: 0, token: TOKEN, seedDir: FIXTURES_DIR, log: () => undefined,
    queryTimeoutMs: TIMEOUT_MS, listenFilterTimeoutMs: LISTEN_TIMEOUT_MS,
  })
  api = `${lake.url}/v2025-02-19`
})

afterAll(async () => {
  await lake?.close()
  removeDir(dataDir)
})



/** Every request here may wait on a worker being replaced: 20 s. */
const call = (url: string, init: RequestInit = {}) => fetchJson(url, init, 20_000)
const getQuery = (query: string) => call(`${api}/data/query/production?query=${enc(query)}`, { headers: auth })
const postQuery = (query: string, params: Record<string, unknown> = {}) =>
  call(`${api}/data/query/production`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ query, params }) })
const byId = () => getQuery('*[_id == "article-one"][0].headline')
const mutate = (mutations: unknown[]) =>
  call(`${api}/data/mutate/production`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ mutations }) })
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))


const MATCH_BACKTRACKING = `"${'a'.repeat(5000)}" match "a*a*a*b"`
const PARAM_FILTERS = 'count($a[count($a[count($a[true])>0])>0])'
const NESTED_STARS = (() => {
  let q = '*'
  for (let i = 0; i < 9; i++) q = `*[count(${q}) > 0]`
  return `count(${q})`
})()

const HOSTILE: [string, () => Promise<JsonReply>][] = [
  ['row 1: a backtracking match in a 5 KB GET', () => getQuery(MATCH_BACKTRACKING)],
  ['row 1: filters over a 300-item $param', () => postQuery(PARAM_FILTERS, { a: Array(300).fill(1) })],
  ['row 3: nested count(*[…])', () => postQuery(NESTED_STARS)],
]

describe('hostile queries run off the event loop', () => {
  it.each(HOSTILE)('%s: a queryTimeout 400, and a by-id query sent later answers first', async (_, hostile) => {
    const started = performance.now()
    const running = hostile()
    await sleep(100) // the hostile query is in its worker by now
    const normal = await byId()
    const reply = await running
    expect(normal.body.result).toBe('One')
    expect(normal.at).toBeLessThan(reply.at)
    expectLakeError(reply, 400, 'queryTimeout', new RegExp(`time limit of ${TIMEOUT_MS} ms`))
    expect(reply.at - started).toBeLessThan(TIMEOUT_MS + 3000)
  })

  it('row 1: an 8 MB comma-list POST is refused unread with a 400', async () => {
    const body = JSON.stringify({ query: `[${Array(4 * 1024 * 1024).fill('1').join(',')}]` })
    const reply = await call(`${api}/data/query/production`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body })
    expectLakeError(reply, 400, 'queryTooLarge', /Query request body exceeds/)
    expect((await byId()).body.result).toBe('One')
  })

  it('replaces workers terminated at the deadline (more kills than workers) and keeps answering', async () => {
    for (let i = 0; i < 3; i++) expectLakeError(await getQuery(MATCH_BACKTRACKING), 400, 'queryTimeout')
    const concurrent = await Promise.all([getQuery(MATCH_BACKTRACKING), postQuery(PARAM_FILTERS, { a: Array(300).fill(1) }), byId()])
    expectLakeError(concurrent[0], 400, 'queryTimeout')
    expectLakeError(concurrent[1], 400, 'queryTimeout')
    expect(concurrent[2].body.result).toBe('One')
    expect((await byId()).body.result).toBe('One')
    expect((await lake.store.query('*[_id == "article-one"][0].headline')).result).toBe('One')
    expect(lake.store.groq.stats()).toMatchObject({ busy: 0, queued: 0 })
    expect(lake.store.groq.stats().workers).toBeGreaterThanOrEqual(2)
  })

  it('sees a write as soon as the mutation returns (WAL readers in other threads)', async () => {
    for (let i = 0; i < 20; i++) {
      expect((await mutate([{ create: { _id: `visible-${i}`, _type: 'probe', n: i } }])).status).toBe(200)
      expect((await postQuery('*[_id == $id][0].n', { id: `visible-${i}` })).body.result).toBe(i)
    }
    await lake.store.mutate([{ createOrReplace: { _id: 'visible-store', _type: 'probe', n: 'x' } }])
    expect((await lake.store.query('*[_id == "visible-store"][0].n')).result).toBe('x')
  })
})

describe('size limits answer 400 before parsing', () => {
  it('query text over maxQueryBytes', async () => {
    expectLakeError(await postQuery(`"${'a'.repeat(QUERY_LIMITS.maxQueryBytes)}"`), 400, 'queryTooLarge', /over the limit of 262144/)
  })

  it('params over maxParamsBytes', async () => {
    expectLakeError(await postQuery('$p', { p: 'x'.repeat(QUERY_LIMITS.maxParamsBytes) }), 400, 'paramsTooLarge', /over the limit of 1048576/)
  })

  it('a list literal over maxListItems (array, object, argument list); exactly the limit is fine', async () => {
    const items = (n: number, item: (i: number) => string) => Array.from({ length: n }, (_, i) => item(i)).join(',')
    expect((await postQuery(`count([${items(1000, () => '1')}])`)).body.result).toBe(1000)
    expectLakeError(await postQuery(`count([${items(1001, () => '1')}])`), 400, 'queryParseError', /more than 1000 items in one list/)
    expectLakeError(await postQuery(`{${items(1001, (i) => `"k${i}": 1`)}}`), 400, 'queryParseError', /more than 1000 items/)
    expectLakeError(await postQuery(`coalesce(${items(1001, () => 'null')})`), 400, 'queryParseError', /more than 1000 items/)
    // Commas inside strings do not count.
    expect((await postQuery(`"${','.repeat(5000)}"`)).status).toBe(200)
  })

  it('a match pattern with more than maxMatchWildcards "*" (literal, $param or array)', async () => {
    const nine = 'a*'.repeat(9)
    expectLakeError(await postQuery(`"abc" match "${nine}"`), 400, 'queryParseError', /9 "\*" wildcards, over the limit of 8/)
    expectLakeError(await postQuery('"abc" match $p', { p: nine }), 400, 'queryParseError', /over the limit of 8/)
    expectLakeError(await postQuery(`*[title match ["x", "${nine}"]]`), 400, 'queryParseError', /over the limit of 8/)
    expect((await postQuery(`"abc" match "${'*'.repeat(8)}abc"`)).body.result).toBe(true)
  })

  it('a chunked body over the query endpoint limit is cut off with a 400', async () => {
    const reply = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(`${api}/data/query/production`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' } }, (res) => {
        let body = ''
        res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      })
      req.on('error', reject)
      const chunk = 'a'.repeat(256 * 1024)
      req.write('{"query":"')
      for (let i = 0; i < 12; i++) req.write(chunk)
      req.end('"}')
    })
    expect(reply.status).toBe(400)
    expect(JSON.parse(reply.body).error.type).toBe('queryTooLarge')
  })

  it('applies to in-process stores too (openLakeStore runs GROQ on the calling thread)', async () => {
    const dir = makeTempDir()
    const store = openLakeStore(dir)
    try {
      expect(store.groq.isolation).toBe('inProcess')
      await expect(store.query(`[${Array(1001).fill('1').join(',')}]`)).rejects.toMatchObject({ statusCode: 400 })
      expect((await store.query('count([1, 2, 3])')).result).toBe(3)
    } finally {
      await store.close()
      removeDir(dir)
    }
  })
})

describe('pool limits (one worker, one queue place, a 64 MB heap)', () => {
  let small: RunningLakeServer
  let smallDir: string
  let smallApi: string
  beforeAll(async () => {
    smallDir = makeTempDir()
    small = await startLakeServer({
      dataDir: smallDir, port: 0, token: TOKEN, seedDir: FIXTURES_DIR, log: () => undefined,
      // Heavy queries (the heap test's `$a[…]`) run on a lowered worker: on a loaded machine filling
      // 64 MB there takes longer than 1.5 s, so this lake's time limit is longer.
      queryTimeoutMs: 4 * TIMEOUT_MS, queryPool: { workers: 1, maxWorkers: 1, queueLimit: 1, workerMemoryMb: 64 },
    })
    smallApi = `${small.url}/v2025-02-19`
  })
  afterAll(async () => {
    await small?.close()
    removeDir(smallDir)
  })
  const smallQuery = async (query: string, params: Record<string, unknown> = {}) => {
    const res = await fetch(`${smallApi}/data/query/production`, {
      method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ query, params }), signal: AbortSignal.timeout(20_000),
    })
    return { status: res.status, body: await res.json(), retryAfter: res.headers.get('retry-after'), at: performance.now() }
  }

  it('answers 503 queryQueueFull with Retry-After when every worker is busy and the queue is full', async () => {
    expect((await smallQuery('1')).body.result).toBe(1) // the worker is up
    const hostile = smallQuery(MATCH_BACKTRACKING)
    await sleep(150)
    const queued = smallQuery('*[_id == "article-one"][0].headline')
    await sleep(50)
    const refused = await smallQuery('2')
    expect(refused).toMatchObject({ status: 503, retryAfter: '1', body: { error: { type: 'queryQueueFull' } } })
    expect(refused.body.error.description).toMatch(/busy/)
    expect((await hostile).body.error.type).toBe('queryTimeout')
    expect((await queued).body.result).toBe('One') // ran on the replacement worker
  })

  it('answers a query that exhausts its worker\'s heap with a 400, and the next query works', async () => {
    const reply = await smallQuery('$a[]{"b": $a[]{"c": $a}}', { a: Array(300).fill({ x: 1 }) })
    expect(reply).toMatchObject({ status: 400, body: { error: { type: 'queryExecutionError', description: expect.stringMatching(/memory limit of 64 MB/) } } })
    expect((await smallQuery('*[_id == "article-one"][0].headline')).body.result).toBe('One')
  })
})

/** An SSE stream read with fetch: its events in order, and whether the server ended it. */
function openStream(url: string, headers: Record<string, string> = {}) {
  const controller = new AbortController()
  const events: { event: string; data: unknown; at: number }[] = []
  let ended = false
  const done = (async () => {
    const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal })
    if (!res.body) throw new Error(`no stream: ${res.status}`)
    const decoder = new TextDecoder()
    let buffer = ''
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true })
      let end: number
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        const event = /^event: (.*)$/m.exec(block)?.[1]
        const data = /^data: (.*)$/m.exec(block)?.[1]
        if (event) events.push({ event, data: data ? JSON.parse(data) : null, at: performance.now() })
      }
    }
    ended = true
  })().catch(() => undefined)
  return {
    events,
    isEnded: () => ended,
    async waitFor(name: string, timeoutMs = 10_000) {
      const started = Date.now()
      for (;;) {
        const found = events.find((e) => e.event === name)
        if (found) return found
        if (Date.now() - started > timeoutMs) throw new Error(`no ${name} event; got ${events.map((e) => e.event).join(', ')}`)
        await sleep(20)
      }
    },
    async close() {
      controller.abort()
      await done
    },
  }
}

describe('listen filters run in workers with a per-transaction limit', () => {
  const hostileFilter = '*[_type == "probe" && title match "a*a*a*b"]'

  it('row 4: a backtracking filter ends its own stream with a channelError; writes return at once', async () => {
    const hostile = openStream(`${api}/data/listen/production?query=${enc(hostileFilter)}`)
    const normal = openStream(`${api}/data/listen/production?query=${enc('*[_type == "probe"]')}`)
    try {
      await Promise.all([hostile.waitFor('welcome'), normal.waitFor('welcome')])
      const write = await mutate([{ create: { _id: 'probe-long', _type: 'probe', title: 'a'.repeat(5000) } }])
      expect(write.status).toBe(200)
      const error = await hostile.waitFor('channelError')
      expect(write.at).toBeLessThan(error.at)
      expect(error.data).toMatchObject({ error: { type: 'queryTimeout', description: expect.stringMatching(new RegExp(`time limit of ${LISTEN_TIMEOUT_MS} ms`)) } })
      const second = await mutate([{ patch: { id: 'probe-long', set: { n: 2 } } }])
      expect(second.status).toBe(200)
      await waitForCount(() => normal.events.filter((e) => e.event === 'mutation').length, 2)
      await waitForCount(() => (hostile.isEnded() ? 1 : 0), 1)
    } finally {
      await Promise.all([hostile.close(), normal.close()])
    }
  })

  it('@sanity/client sees the channelError as a listener error naming the time limit', async () => {
    const probe = spawnTsx(path.join(FIXTURES_DIR, 'listen-probe.ts'), [lake.url, hostileFilter])
    try {
      await probe.waitForLine(/"type":"welcome"/)
      await mutate([{ createOrReplace: { _id: 'probe-client', _type: 'probe', title: 'a'.repeat(5000) } }])
      const line = await probe.waitForLine(/"type":"error"/)
      expect(JSON.parse(line).message).toMatch(/Listen filter exceeded the time limit/)
    } finally {
      await probe.kill()
    }
  })

  it('refuses a filter over the limits with a 400 before the stream opens', async () => {
    const reply = await call(`${api}/data/listen/production?query=${enc(`*[title match "${'a*'.repeat(9)}"]`)}`)
    expectLakeError(reply, 400, 'queryParseError', /over the limit of 8/)
  })
})

async function waitForCount(count: () => number, expected: number, timeoutMs = 10_000): Promise<void> {
  const started = Date.now()
  while (count() < expected) {
    if (Date.now() - started > timeoutMs) throw new Error(`expected ${expected}, got ${count()}`)
    await sleep(20)
  }
}

it('runs queries in workers when the lake runs under tsx (npm run lake)', async () => {
  const dir = makeTempDir()
  const proc = spawnTsx('scripts/lake.ts', [], { LAKE_PORT: '0', LAKE_DATA_DIR: dir, LAKE_SEED_DIR: FIXTURES_DIR, SANITY_API_TOKEN: TOKEN })
  try {
    const url = (await proc.waitForLine(/^lake listening on /)).replace('lake listening on ', '').trim()
    const reply = await call(`${url}/v2025-02-19/data/query/production?query=${enc('*[_id == "article-one"][0].headline')}`)
    expect(reply.body.result).toBe('One')
    expectLakeError(await call(`${url}/v2025-02-19/data/query/production?query=${enc(`"x" match "${'*'.repeat(9)}"`)}`), 400, 'queryParseError')
  } finally {
    await proc.kill()
    removeDir(dir)
  }
})
