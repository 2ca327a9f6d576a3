/**
 * A lake just started is not busy: queries that arrive while its first query workers are still
 * starting wait for them instead of answering 503 `queryQueueFull`. A 200 ms query time limit
 * makes the usual queue wait (twice the limit) far shorter than a worker thread's start-up.
 */
import { startLakeServer, type RunningLakeServer } from '../../lib/lake'
import { fetchJson, FIXTURES_DIR, makeTempDir, removeDir, TOKEN } from './helpers'

let lake: RunningLakeServer
let dataDir: string

beforeAll(async () => {
  dataDir = makeTempDir()
  lake = await startLakeServer({ dataDir, port: 0, token: TOKEN, seedDir: FIXTURES_DIR, queryTimeoutMs: 200, log: () => undefined })
})

afterAll(async () => {
  await lake?.close()
  removeDir(dataDir)
})

it('answers the queries that arrive while its workers start', async () => {
  const query = encodeURIComponent('*{_id, _rev}')
  const answers = await Promise.all(
    Array.from({ length: 4 }, () => fetchJson(`${lake.url}/v2025-02-19/data/query/production?query=${query}&perspective=raw`, { headers: { authorization: `Bearer ${TOKEN}` } })),
  )
  expect(answers.map(({ status }) => status)).toEqual([200, 200, 200, 200])
  for (const { body } of answers) expect(body.result.length).toBeGreaterThan(0)
})
