/**
 * The lake's own guards (issue 10, hostile input): it refuses a non-loopback bind unless told to,
 * answers a client address that keeps sending wrong tokens with 429 + Retry-After (the right token
 * still works), and never writes a token to its log or the process output.
 */

import { startLakeServer, type RunningLakeServer } from '../../lib/lake'
import { FailedTokenAttempts } from '../../lib/lake/studio/failed-token-attempts'
import { makeTempDir, removeDir, TOKEN } from './helpers'

jest.setTimeout(30000)

const dirs: string[] = []
afterAll(() => dirs.forEach(removeDir))

function tempDir(): string {
  const dir = makeTempDir()
  dirs.push(dir)
  return dir
}

describe('bind address', () => {
  it.each(['0.0.0.0', '::', '192.0.2.10', '10.0.0.1', 'example.com'])('refuses %s by default', async (host) => {
    await expect(startLakeServer({ dataDir: tempDir(), port: 0, host, log: () => undefined })).rejects.toThrow(/loopback|all interfaces/)
  })

  it('refuses all interfaces even when non-loopback binds are allowed', async () => {
    await expect(startLakeServer({ dataDir: tempDir(), port: 0, host: '0.0.0.0', allowNonLoopbackBind: true, log: () => undefined })).rejects.toThrow(/all interfaces/)
  })

  it.each(['127.0.0.1', 'localhost'])('binds to %s', async (host) => {
    const lake = await startLakeServer({ dataDir: tempDir(), port: 0, host, log: () => undefined })
    try {
      expect((await fetch(`http://127.0.0.1:${lake.port}/health`)).status).toBe(200)
    } finally {
      await lake.close()
    }
  })
})

describe('FailedTokenAttempts', () => {
  it('allows 10 failures a minute, then throws a 429 whose Retry-After counts down to the window', () => {
    let now = 1_000_000
    const attempts = new FailedTokenAttempts({ maxFailures: 10, windowMs: 60_000, now: () => now })
    for (let i = 0; i < 10; i++) {
      attempts.recordFailure('10.0.0.1')
      now += 1000
    }
    let error: any
    try {
      attempts.recordFailure('10.0.0.1')
    } catch (err) {
      error = err
    }
    expect(error?.statusCode).toBe(429)
    expect(error.body.error.type).toBe('tooManyFailedTokenAttempts')
    expect(Number(error.headers['retry-after'])).toBe(50)
    // Another address is not affected; the first one is free again once its failures age out.
    expect(() => attempts.recordFailure('10.0.0.2')).not.toThrow()
    now += 61_000
    expect(() => attempts.recordFailure('10.0.0.1')).not.toThrow()
  })
})

describe('wrong tokens over HTTP', () => {
  let lake: RunningLakeServer
  const logged: string[] = []
  const output: string[] = []
  const writes = [process.stdout, process.stderr].map((stream) => [stream, stream.write] as const)

  beforeAll(async () => {
    for (const [stream, write] of writes) {
      stream.write = ((chunk: unknown, ...rest: unknown[]) => {
        output.push(String(chunk))
        return (write as (...args: unknown[]) => boolean).call(stream, chunk, ...rest)
      }) as typeof stream.write
    }
    lake = await startLakeServer({ dataDir: tempDir(), port: 0, token: TOKEN, log: (message) => logged.push(message) })
  })
  afterAll(async () => {
    await lake?.close()
    for (const [stream, write] of writes) stream.write = write
  })

  const query = (token: string, path = `/v2025-02-19/data/query/production?query=${encodeURIComponent('count(*)')}`) =>
    fetch(`${lake.url}${path}`, { headers: { authorization: `Bearer ${token}` } })

  it('answers 401 ten times, then 429 with Retry-After; the right token keeps working', async () => {
    const badTokens = Array.from({ length: 12 }, (_, i) => `wrong-token-${i}-${'x'.repeat(20)}`)
    const statuses: number[] = []
    for (const bad of badTokens.slice(0, 10)) statuses.push((await query(bad)).status)
    expect(statuses).toEqual(Array(10).fill(401))
    const limited = await query(badTokens[10])
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await limited.json()).error.type).toBe('tooManyFailedTokenAttempts')
    expect((await query(TOKEN)).status).toBe(200)
    // Studio's endpoints count too.
    expect((await query(badTokens[11], '/v2025-02-19/users/me')).status).toBe(429)
    // A mutation with the right token, an unknown route and a bad request with tokens: still nothing logged.
    const mutate = await fetch(`${lake.url}/v2025-02-19/data/mutate/production`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ mutations: [{ create: { _id: 'probe-1', _type: 'probe' } }] }),
    })
    expect(mutate.status).toBe(200)
    expect((await query(TOKEN, '/v2025-02-19/nowhere')).status).toBe(404)
    expect((await query(TOKEN, '/v2025-02-19/data/query/production?query=*[')).status).toBe(400)
    const everything = [...logged, ...output].join('\n')
    for (const token of [TOKEN, ...badTokens]) expect(everything).not.toContain(token)
  })
})
