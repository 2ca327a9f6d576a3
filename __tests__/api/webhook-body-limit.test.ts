/**
 * POST /api/revalidate reads at most 64 KB (+1 byte) of a body, chunked or not, before it refuses
 * with 413: a 50 MB chunked body with a fresh-looking fake signature is cut at the limit, both when
 * the handler is called directly (counting the bytes pulled from the body stream) and behind a real
 * Node HTTP server that hands the request over as Next's app-route template does (counting the bytes
 * the server read from the socket). The 413 closes the connection, so the rest is never drained.
 */
import http from 'node:http'
import net from 'node:net'
import { SIGNATURE_HEADER_NAME } from '@sanity/webhook'
import { NextRequest } from 'next/server'
import { NodeNextRequest, NodeNextResponse } from 'next/dist/server/base-http/node'
import { NextRequestAdapter, signalFromNodeResponse } from 'next/dist/server/web/spec-extension/adapters/next-request'
import { sendResponse } from 'next/dist/server/send-response'
import { WEBHOOK_MAX_BYTES } from '@/lib/content/webhook-request'

const revalidateTag = jest.fn()
jest.mock('next/cache', () => ({ revalidateTag: (...args: unknown[]) => revalidateTag(...args) }))

import { POST } from '@/app/api/revalidate/route'

jest.setTimeout(30_000)

const SECRET = 'test-webhook-secret-0123456789'
const HOSTILE_BYTES = 50 * 1024 * 1024
const CHUNK = Buffer.alloc(64 * 1024, 'a')
const savedEnv = { ...process.env }
beforeEach(() => {
  process.env.SANITY_WEBHOOK_SECRET = SECRET
})
afterAll(() => {
  process.env = savedEnv
})

/** A fresh timestamp with a signature nobody computed: the check must not read the whole body to refuse it. */
const fakeSignature = () => `t=${Date.now()},v1=${'A'.repeat(43)}`

/** A body stream that makes up `total` bytes as it is read, counting what was pulled. */
function countedBody(total: number) {
  const counter = { pulled: 0 }
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (counter.pulled >= total) return controller.close()
      counter.pulled += CHUNK.length
      controller.enqueue(new Uint8Array(CHUNK))
    },
  })
  return { stream, counter }
}

describe('the webhook body limit holds on the bytes read', () => {
  it('refuses a 50 MB body without Content-Length with 413 after reading at most the limit and one chunk', async () => {
    const { stream, counter } = countedBody(HOSTILE_BYTES)
    const request = new NextRequest('http://127.0.0.1/api/revalidate', {
      method: 'POST',
      body: stream,
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER_NAME]: fakeSignature() },
      duplex: 'half',
    } as RequestInit & { duplex: 'half' })
    const response = await POST(request)
    expect(response.status).toBe(413)
    expect(await response.json()).toEqual({ error: `Body over ${WEBHOOK_MAX_BYTES} bytes` })
    expect(response.headers.get('connection')).toBe('close')
    expect(counter.pulled).toBeLessThanOrEqual(WEBHOOK_MAX_BYTES + 2 * CHUNK.length)
    expect(revalidateTag).not.toHaveBeenCalled()
  })

  it('refuses a declared Content-Length over the limit unread', async () => {
    const { stream, counter } = countedBody(HOSTILE_BYTES)
    const request = new NextRequest('http://127.0.0.1/api/revalidate', {
      method: 'POST',
      body: stream,
      headers: { 'content-length': String(HOSTILE_BYTES), [SIGNATURE_HEADER_NAME]: fakeSignature() },
      duplex: 'half',
    } as RequestInit & { duplex: 'half' })
    expect((await POST(request)).status).toBe(413)
    // A ReadableStream pulls one chunk ahead as it is made; nothing more is read.
    expect(counter.pulled).toBeLessThanOrEqual(CHUNK.length)
  })
})

/** A Node server handing requests to the route as Next's app-route template does (the IncomingMessage is the body). */
function startServer() {
  const sockets = new Set<net.Socket>()
  const server = http.createServer(async (req, res) => {
    const nodeRequest = new NodeNextRequest(req as never)
    const request = NextRequestAdapter.fromNodeNextRequest(nodeRequest, signalFromNodeResponse(res))
    await sendResponse(nodeRequest, new NodeNextResponse(res as never), await POST(request))
  })
  server.on('connection', (socket) => sockets.add(socket))
  return new Promise<{ server: http.Server; sockets: Set<net.Socket>; port: number }>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, sockets, port: (server.address() as net.AddressInfo).port })),
  )
}

/** Sends `total` bytes chunked (as fast as the server takes them) and collects the answer until the server closes. */
function sendChunked(port: number, total: number) {
  return new Promise<{ answer: string; written: number }>((resolve) => {
    const socket = net.connect(port, '127.0.0.1')
    let answer = ''
    let written = 0
    let done = false
    const finish = () => {
      if (done) return
      done = true
      socket.destroy()
      resolve({ answer, written })
    }
    socket.on('data', (data) => (answer += data.toString('latin1')))
    socket.on('close', finish)
    socket.on('error', () => undefined)
    socket.on('connect', async () => {
      socket.write(
        `POST /api/revalidate HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n` +
          `${SIGNATURE_HEADER_NAME}: ${fakeSignature()}\r\ntransfer-encoding: chunked\r\n\r\n`,
      )
      const frame = Buffer.concat([Buffer.from(`${CHUNK.length.toString(16)}\r\n`), CHUNK, Buffer.from('\r\n')])
      while (written < total && !socket.destroyed && socket.writable) {
        written += CHUNK.length
        if (!socket.write(frame)) await new Promise((resolve) => socket.once('drain', resolve).once('close', resolve))
      }
      if (socket.writable) socket.end('0\r\n\r\n')
    })
  })
}

describe('behind a real HTTP server', () => {
  it('answers a 50 MB chunked POST with 413, reads little of it and closes the connection', async () => {
    const { server, sockets, port } = await startServer()
    try {
      const { answer } = await sendChunked(port, HOSTILE_BYTES)
      expect(answer).toMatch(/^HTTP\/1\.1 413 /)
      expect(answer.toLowerCase()).toContain('connection: close')
      expect(answer).toContain(`Body over ${WEBHOOK_MAX_BYTES} bytes`)
      const serverRead = Math.max(...[...sockets].map((socket) => socket.bytesRead))
      // The limit plus what the socket and the request stream buffer ahead: far from the 50 MB sent.
      expect(serverRead).toBeLessThan(2 * 1024 * 1024)
      expect(revalidateTag).not.toHaveBeenCalled()
    } finally {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  })
})
