/**
 * Body limits of the lake's routes hold on the bytes read, chunked or not: a 64 MB chunked body is
 * answered with the route's 4xx once past its limit; at most 16 MB more is thrown away, then the
 * connection is cut (the client manages to send little more than the limit, those 16 MB and the
 * kernel's socket buffers).
 */
import { DISCARDED_BODY_BYTES } from '../../lib/lake/http/discard-body'
import { JSON_BODY_LIMIT } from '../../lib/lake/http/request'
import { MAX_QUERY_BODY_BYTES } from '../../lib/lake/query-limits'
import { postChunked } from '../support/chunked-post'
import { removeDir, startTestLake, TOKEN } from './helpers'
import type { RunningLakeServer } from '../../lib/lake'

jest.setTimeout(60_000)

const HOSTILE_BYTES = 64 * 1024 * 1024
/** What loopback sockets may hold between the two ends (send and receive buffers), generously. */
const SOCKET_BUFFERS = 16 * 1024 * 1024
const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }

let lake: RunningLakeServer
let dataDir: string
beforeAll(async () => {
  ;({ lake, dataDir } = await startTestLake({ seed: false }))
})
afterAll(async () => {
  await lake?.close()
  removeDir(dataDir)
})

const status = (answer: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1])

describe('a 64 MB chunked body', () => {
  it.each([
    ['mutate (token)', '/data/mutate/production', auth, JSON_BODY_LIMIT, 413, 'payloadTooLarge'],
    ['query (anonymous)', '/data/query/production', { 'content-type': 'application/json' }, MAX_QUERY_BODY_BYTES, 400, 'queryTooLarge'],
  ])('to %s is refused past its limit and the connection cut', async (_name, path, headers, limit, expected, type) => {
    const { answer, written } = await postChunked(`${lake.url}/v2025-02-19${path}`, headers, HOSTILE_BYTES)
    expect(status(answer)).toBe(expected)
    expect(answer).toContain(`"type":"${type}"`)
    expect(written).toBeLessThan(limit + DISCARDED_BODY_BYTES + SOCKET_BUFFERS)
  })
})
