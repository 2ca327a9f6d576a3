/**
 * A commit reaching many listeners at once queues one filter task per stream. Those tasks are
 * bounded by the streams themselves, so a full query queue must not refuse them (which closed
 * healthy streams with a `channelError` on an ordinary save).
 */
import { startLakeServer, type RunningLakeServer } from '../../lib/lake'
import { FIXTURES_DIR, lakeClient, makeTempDir, removeDir, TOKEN, waitFor } from './helpers'
import { openListen } from './studio-support'

jest.setTimeout(30_000)

let lake: RunningLakeServer
let dataDir: string

beforeAll(async () => {
  dataDir = makeTempDir()
  // One worker and one queue place: streams past the second would be refused if listen tasks counted.
  lake = await startLakeServer({ dataDir, port: 0, token: TOKEN, seedDir: FIXTURES_DIR, log: () => undefined, queryPool: { workers: 1, maxWorkers: 1, queueLimit: 1 } })
})

afterAll(async () => {
  await lake?.close()
  removeDir(dataDir)
})

it('delivers one commit to every open stream even when the query queue is full', async () => {
  const url = `${lake.url}/v2025-02-19/data/listen/production?query=${encodeURIComponent('*[_type == "burst"]')}`
  const streams: Awaited<ReturnType<typeof openListen>>[] = []
  for (let i = 0; i < 6; i++) streams.push(await openListen(url, TOKEN)) // one at a time: opening checks the filter too
  try {
    await lakeClient(lake.url, { token: TOKEN }).create({ _id: 'burst-1', _type: 'burst' })
    await waitFor(() => streams.every((stream) => stream.events.some((event) => event.documentId === 'burst-1')), 10_000, 'the event on every stream')
  } finally {
    streams.forEach((stream) => stream.close())
  }
})
