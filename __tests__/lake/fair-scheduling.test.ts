/**
 * Issue 18 rows 3 and 4 over HTTP: slow anonymous queries in numbers past the worker count never
 * delay a short query; a `match` pattern built with `+` counts all its wildcards; a client past
 * its budget of worker time gets a 429 for costly queries while its short queries still run;
 * 96 anonymous listeners with backtracking filters neither refuse normal queries nor end or
 * refuse an editor's stream; and all of loopback is one client for the failed-token limit.
 */

import http from 'node:http'
import { startLakeServer, type RunningLakeServer } from '../../lib/lake'
import { expectLakeError, fetchJson, FIXTURES_DIR, makeTempDir, removeDir, TOKEN, type JsonReply } from './helpers'
import { readEventStream, type EventBlock } from './studio-support'

jest.setTimeout(90_000)

const enc = encodeURIComponent
const auth = { authorization: `Bearer ${TOKEN}` }
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const NESTED_STARS = (() => {
  let q = '*'
  for (let i = 0; i < 9; i++) q = `*[count(${q}) > 0]`
  return `count(${q})`
})()

async function startLake(opts: Partial<Parameters<typeof startLakeServer>[0]> = {}): Promise<{ lake: RunningLakeServer; api: string; dir: string }> {
  const dir = makeTempDir()
  const lake = await startLakeServer({ dataDir: dir, port: 0, token: TOKEN, seedDir: FIXTURES_DIR, log: () => undefined, ...opts })
  return { lake, api: `${lake.url}/v2025-02-19`, dir }
}

const anonymousQuery = (api: string, query: string, timeoutMs = 30_000) => fetchJson(`${api}/data/query/production?query=${enc(query)}`, {}, timeoutMs)
const byId = (api: string) => anonymousQuery(api, '*[_id == "article-one"][0].headline')
const refusal = (reply: JsonReply) => `${reply.status} ${reply.body?.error?.type}`

describe('row 3: slow anonymous queries', () => {
  let lake: RunningLakeServer
  let api: string
  let dir: string
  // A time limit far above what five short queries take even on a loaded machine.
  beforeAll(async () => ({ lake, api, dir } = await startLake({ queryTimeoutMs: 8000 })))
  afterAll(async () => {
    await lake?.close()
    removeDir(dir)
  })

  it('counts the wildcards of a match pattern built with +', async () => {
    const built = `"${'a'.repeat(200)}" match "a*a*a*" + "a*a*a*" + ("a*a*" + "a*b")`
    expectLakeError(await anonymousQuery(api, built), 400, 'queryParseError', /9 "\*" wildcards \(built from 4 strings with "\+"\), over the limit of 8/)
    expect((await anonymousQuery(api, '"abd" match "a*" + "c"')).body.result).toBe(false)
  })

  it('12 at once (more than the workers) do not queue a by-id query behind them', async () => {
    expect((await byId(api)).body.result).toBe('One') // a known, fast shape
    const hostile = Array.from({ length: 12 }, () => anonymousQuery(api, NESTED_STARS))
    await sleep(300)
    const normal: JsonReply[] = []
    for (let i = 0; i < 5; i++) normal.push(await byId(api))
    const answers = await Promise.all(hostile)
    expect(normal.map((reply) => reply.body.result)).toEqual(Array(5).fill('One'))
    const firstHostileAnswer = Math.min(...answers.map((reply) => reply.at))
    expect(normal[normal.length - 1].at).toBeLessThan(firstHostileAnswer)
    for (const reply of answers) expect(['400 queryTimeout', '429 queryBudgetExceeded', '503 queryQueueFull']).toContain(refusal(reply))
  })
})

describe('row 3: a budget of worker time per client', () => {
  let lake: RunningLakeServer
  let api: string
  let dir: string
  beforeAll(async () => ({ lake, api, dir } = await startLake({ queryTimeoutMs: 800, queryPool: { clientBudgetMs: 500 } })))
  afterAll(async () => {
    await lake?.close()
    removeDir(dir)
  })

  it('refuses costly queries of a client over budget with a 429, not its short queries or other clients', async () => {
    await untilWorkersAnswer(api)
    expectLakeError(await anonymousQuery(api, NESTED_STARS), 400, 'queryTimeout')
    const refused = await fetch(`${api}/data/query/production?query=${enc(NESTED_STARS)}`)
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect(((await refused.json()) as { error: { type: string } }).error.type).toBe('queryBudgetExceeded')
    expect((await byId(api)).body.result).toBe('One')
    const editor = await fetchJson(`${api}/data/query/production?query=${enc(NESTED_STARS)}`, { headers: auth }, 10_000)
    expectLakeError(editor, 400, 'queryTimeout')
  })
})

describe('row 4: a listen flood', () => {
  let lake: RunningLakeServer
  let api: string
  let dir: string
  beforeAll(async () => ({ lake, api, dir } = await startLake({ queryTimeoutMs: 3000, listenFilterTimeoutMs: 300 })))
  afterAll(async () => {
    await lake?.close()
    removeDir(dir)
  })

  function open(filter: string, headers: Record<string, string> = {}) {
    const events: EventBlock[] = []
    let failure: Error | null = null
    const stream = readEventStream(`${api}/data/listen/production?query=${enc(filter)}`, headers, (event) => events.push(event), (err) => (failure = err))
    return { events, close: stream.close, failure: () => failure }
  }

  it('96 anonymous listeners with backtracking filters refuse no normal query and neither end nor refuse an editor stream', async () => {
    const editor = open('*[_type == "probe"]', auth)
    const streams = [editor]
    try {
      for (let batch = 0; batch < 8; batch++) {
        streams.push(...Array.from({ length: 12 }, () => open('*[_type == "probe" && title match "a*a*a*b"]')))
        await waitUntil(() => streams.every((s) => s.events.some((e) => e.type === 'welcome') || s.failure() !== null), 30_000)
      }
      expect(streams.map((s) => s.failure()?.message).filter(Boolean)).toEqual([])
      // Loopback's share of anonymous streams is full; a second editor stream is still welcome.
      const anonymous = await fetch(`${api}/data/listen/production?query=${enc('*[_type == "x"]')}`)
      expect(anonymous.status).toBe(429)
      await anonymous.body?.cancel()
      const more = open('*[_type == "probe"]', auth)
      streams.push(more)
      await waitUntil(() => more.events.some((e) => e.type === 'welcome') || more.failure() !== null, 10_000)
      expect(more.failure()).toBeNull()
      const write = await fetchJson(`${api}/data/mutate/production`, {
        method: 'POST', headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ mutations: [{ createOrReplace: { _id: 'probe-flood', _type: 'probe', title: 'a'.repeat(5000) } }] }),
      })
      expect(write.status).toBe(200)
      const normal: JsonReply[] = []
      for (let i = 0; i < 10; i++) normal.push(await byId(api))
      expect(normal.map((reply) => reply.status)).toEqual(Array(10).fill(200))
      await waitUntil(() => editor.events.some((e) => e.type === 'mutation'), 10_000)
      expect(editor.events.filter((e) => e.type === 'channelError')).toEqual([])
    } finally {
      streams.forEach((s) => s.close())
    }
  })
})

describe('per-address limits count address blocks', () => {
  let lake: RunningLakeServer
  let dir: string
  beforeAll(async () => ({ lake, dir } = await startLake()))
  afterAll(async () => {
    await lake?.close()
    removeDir(dir)
  })

  it('500 wrong tokens from 50 loopback addresses are one client: 429s', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 500; i++) {
      statuses.push(await wrongTokenFrom(lake.port, `127.0.${Math.floor(i / 10) % 50}.${(i % 10) + 2}`))
    }
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(400)
    expect(statuses.filter((status) => status !== 401 && status !== 429)).toEqual([])
  })
})

function wrongTokenFrom(port: number, localAddress: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, localAddress, path: '/v2025-02-19/data/query/production?query=1', headers: { authorization: 'Bearer wrong', connection: 'close' } }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    })
    req.on('error', reject)
  })
}

/** On a loaded machine a worker can take seconds to start: retry a by-id query until one answers. */
async function untilWorkersAnswer(api: string): Promise<void> {
  for (let i = 0; i < 20 && (await byId(api)).status !== 200; i++) await sleep(500)
}

async function waitUntil(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const started = Date.now()
  while (!predicate()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting')
    await sleep(20)
  }
}
