/**
 * Host allow-list and per-client caps (issue 12, row 12): a DNS-rebinding Host gets a JSON 403,
 * loopback names, *.localhost and configured names are answered; connections and listen streams
 * past the per-client caps get a JSON 429 and the slots come back when clients close.
 */

import http from 'node:http'
import net from 'node:net'
import { startLakeServer, type RunningLakeServer } from '../../lib/lake'
import { hostNameOf } from '../../lib/lake/http/client-limits'
import { makeTempDir, removeDir, TOKEN } from './helpers'

jest.setTimeout(30000)

interface Reply {
  status: number
  headers: http.IncomingHttpHeaders
  body: any
}

/** A GET on a fresh connection with the given headers (fetch cannot set Host). */
function get(port: number, path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, headers, agent: false, timeout: 5000 }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => (text += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? JSON.parse(text) : null }))
    })
    req.on('timeout', () => req.destroy(new Error(`GET ${path} timed out`)))
    req.on('error', reject)
    req.end()
  })
}

/** Opens a listen stream and resolves once its headers arrive; `close` ends it. */
function openStream(port: number): Promise<{ status: number; close: () => void; body: Promise<string> }> {
  return new Promise((resolve, reject) => {
    const path = `/v2025-02-19/data/listen/production?query=${encodeURIComponent('*[_type == "probe"]')}`
    const req = http.request({ host: '127.0.0.1', port, path, agent: false, headers: { accept: 'text/event-stream' } }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      const body = new Promise<string>((done) => {
        res.on('data', (chunk) => (text += chunk))
        res.on('end', () => done(text))
        res.on('close', () => done(text))
      })
      resolve({ status: res.statusCode ?? 0, close: () => req.destroy(), body })
    })
    req.on('error', (err) => ((err as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(err)))
    req.end()
  })
}

const tempDirs: string[] = []
const lakes: RunningLakeServer[] = []

async function start(opts: Partial<Parameters<typeof startLakeServer>[0]> = {}): Promise<RunningLakeServer> {
  const dataDir = makeTempDir()
  tempDirs.push(dataDir)
  const lake = await startLakeServer({ dataDir, port: 0, token: TOKEN, log: () => undefined, ...opts })
  lakes.push(lake)
  return lake
}

afterAll(async () => {
  for (const lake of lakes) await lake.close()
  tempDirs.forEach(removeDir)
})

describe('Host allow-list', () => {
  it('answers loopback names, *.localhost and configured names; refuses others with a JSON 403', async () => {
    const lake = await start({ allowedHosts: ['lake.internal'] })
    const p = lake.port
    for (const host of [`127.0.0.1:${p}`, `localhost:${p}`, `[::1]:${p}`, `local.localhost:${p}`, `LOCALHOST:${p}`, 'localhost.', `lake.internal:${p}`]) {
      expect({ host, status: (await get(p, '/health', { host })).status }).toEqual({ host, status: 200 })
    }
    const query = `/v2025-02-19/data/query/production?query=${encodeURIComponent('count(*)')}`
    for (const host of ['attacker.example', `attacker.example:${p}`, 'localhost.attacker.example', '127.0.0.1.nip.io', 'lake.internal.evil', '[::2]']) {
      const reply = await get(p, query, { host })
      expect({ host, status: reply.status, type: reply.body?.error?.type }).toEqual({ host, status: 403, type: 'hostNotAllowed' })
      expect(reply.body.error.description).toMatch(/allowedHosts/)
    }
  })

  it('refuses a websocket upgrade from a foreign Host before it reaches any handler', async () => {
    const lake = await start()
    const reply = await get(lake.port, '/v2025-02-19/socket/local/production', { host: 'attacker.example', connection: 'Upgrade', upgrade: 'websocket' })
    expect(reply.status).toBe(403)
    expect(reply.body.error.type).toBe('hostNotAllowed')
  })

  it('normalises Host headers', () => {
    expect(hostNameOf('Example.COM:8080')).toBe('example.com')
    expect(hostNameOf('[::1]:3030')).toBe('[::1]')
    expect(hostNameOf('[::1]junk')).toBeNull()
    expect(hostNameOf('a b')).toBeNull()
  })
})

describe('per-client caps', () => {
  it('answers a connection past maxConnectionsPerClient with a JSON 429 until one closes', async () => {
    const lake = await start({ maxConnectionsPerClient: 3 })
    const held = await Promise.all(
      [1, 2, 3].map(() => new Promise<net.Socket>((resolve) => {
        const socket = net.connect(lake.port, '127.0.0.1', () => resolve(socket))
      })),
    )
    await new Promise((resolve) => setTimeout(resolve, 100))
    const refused = await get(lake.port, '/health')
    expect(refused.status).toBe(429)
    expect(refused.body.error).toMatchObject({ type: 'tooManyConnections', description: expect.stringMatching(/at most 3 per client.*maxConnectionsPerClient/) })
    expect(refused.headers['retry-after']).toMatch(/^\d+$/)
    held[0].destroy()
    let status = 0
    for (let i = 0; i < 50 && status !== 200; i++) {
      status = (await get(lake.port, '/health')).status
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 20))
    }
    expect(status).toBe(200)
    held.forEach((socket) => socket.destroy())
  })

  it('answers a listen stream past maxListenStreamsPerClient with a JSON 429; failed listens hold no slot', async () => {
    const lake = await start({ maxListenStreamsPerClient: 2 })
    for (let i = 0; i < 3; i++) {
      expect((await get(lake.port, `/v2025-02-19/data/listen/production?query=${encodeURIComponent('*[')}`)).status).toBe(400)
    }
    const first = await openStream(lake.port)
    const second = await openStream(lake.port)
    expect([first.status, second.status]).toEqual([200, 200])
    const third = await openStream(lake.port)
    expect(third.status).toBe(429)
    expect(JSON.parse(await third.body).error).toMatchObject({ type: 'tooManyListeners', description: expect.stringMatching(/at most 2 per client/) })
    first.close()
    let again = third
    for (let i = 0; i < 50 && again.status !== 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20))
      again = await openStream(lake.port)
      if (again.status !== 200) again.close()
    }
    expect(again.status).toBe(200)
    again.close()
    second.close()
  })
})
