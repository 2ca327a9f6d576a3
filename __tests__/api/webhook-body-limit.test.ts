/**
 * POST /api/revalidate reads at most 64 KB (+1 byte) of a body, chunked or not, before it refuses
 * with 413: a 64 MB chunked body with a fresh-looking fake signature is cut at the limit, both when
 * the handler is called directly (counting the bytes pulled from the body stream) and behind a real
 * Node HTTP server that hands the request over as Next's app-route template does (counting the bytes
 * the server read from the socket). After the 413 at most DISCARDED_BODY_BYTES more are read and
 * thrown away, then the stream is cancelled: the connection is cut, the rest never read.
 */
import http from 'node:http'
import net from 'node:net'
import { SIGNATURE_HEADER_NAME } from '@sanity/webhook'
import { NextRequest } from 'next/server'
import { NodeNextRequest, NodeNextResponse } from 'next/dist/server/base-http/node'
import { NextRequestAdapter, signalFromNodeResponse } from 'next/dist/server/web/spec-extension/adapters/next-request'
import { sendResponse } from 'next/dist/server/send-response'
import { DISCARDED_BODY_BYTES, REFUSED_BODY_GRACE_MS } from '@/lib/lake/http/discard-body'
import { WEBHOOK_MAX_BYTES } from '@/lib/content/webhook-request'
import { postChunked } from '../support/chunked-post'

const revalidateTag = jest.fn()
jest.mock('next/cache', () => ({ revalidateTag: (...args: unknown[]) => revalidateTag(...args) }))

import { POST } from '@/app/api/revalidate/route'

jest.setTimeout(30_000)

const SECRET = 'test-webhook-secret-0123456789'
const HOSTILE_BYTES = 64 * 1024 * 1024
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

/** A body stream that makes up `total` bytes as it is read, counting what was pulled and whether it was cancelled. */
function countedBody(total: number) {
  const counter = { pulled: 0, cancelled: false }
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (counter.pulled >= total) return controller.close()
      counter.pulled += CHUNK.length
      controller.enqueue(new Uint8Array(CHUNK))
    },
    cancel() {
      counter.cancelled = true
    },
  })
  return { stream, counter }
}

const afterGraceTime = () => new Promise((resolve) => setTimeout(resolve, REFUSED_BODY_GRACE_MS + 500))

describe('the webhook body limit holds on the bytes read', () => {
  it('refuses a 64 MB body without Content-Length with 413 at the limit, drops at most 16 MB more and cancels the rest', async () => {
    const { stream, counter } = countedBody(HOSTILE_BYTES)
    const request = new NextRequest('http://127.0.0.1/api/revalidate', {
      method: 'POST',
      body: stream,
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER_NAME]: fakeSignature() },
      duplex: 'half',
    } as ConstructorParameters<typeof NextRequest>[1])
    const response = await POST(request)
    expect(response.status).toBe(413)
    expect(await response.json()).toEqual({ error: `Body over ${WEBHOOK_MAX_BYTES} bytes` })
    expect(counter.pulled).toBeLessThanOrEqual(WEBHOOK_MAX_BYTES + DISCARDED_BODY_BYTES + 3 * CHUNK.length)
    await afterGraceTime()
    expect(counter.pulled).toBeLessThanOrEqual(WEBHOOK_MAX_BYTES + DISCARDED_BODY_BYTES + 3 * CHUNK.length)
    expect(counter.cancelled).toBe(true)
    expect(revalidateTag).not.toHaveBeenCalled()
  })

  it('refuses a declared Content-Length over the limit before reading any of it', async () => {
    const { stream, counter } = countedBody(HOSTILE_BYTES)
    const request = new NextRequest('http://127.0.0.1/api/revalidate', {
      method: 'POST',
      body: stream,
      headers: { 'content-length': String(HOSTILE_BYTES), [SIGNATURE_HEADER_NAME]: fakeSignature() },
      duplex: 'half',
    } as ConstructorParameters<typeof NextRequest>[1])
    expect((await POST(request)).status).toBe(413)
    await afterGraceTime()
    expect(counter.pulled).toBeLessThanOrEqual(DISCARDED_BODY_BYTES + 2 * CHUNK.length)
    expect(counter.cancelled).toBe(true)
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

describe('behind a real HTTP server', () => {
  it('answers a 64 MB chunked POST with 413, reads at most 16 MB past the limit and cuts the connection', async () => {
    const { server, sockets, port } = await startServer()
    try {
      const headers = { 'content-type': 'application/json', [SIGNATURE_HEADER_NAME]: fakeSignature() }
      const { answer, written } = await postChunked(`http://127.0.0.1:${port}/api/revalidate`, headers, HOSTILE_BYTES)
      expect(answer).toMatch(/^HTTP\/1\.1 413 /)
      expect(answer).toContain(`Body over ${WEBHOOK_MAX_BYTES} bytes`)
      // The server cut the connection: the client could not send it all.
      expect(written).toBeLessThan(HOSTILE_BYTES)
      const serverRead = Math.max(...[...sockets].map((socket) => socket.bytesRead))
      // The limit, the 16 MB thrown away and what the socket and the request stream buffer ahead: far from 64 MB.
      expect(serverRead).toBeLessThan(WEBHOOK_MAX_BYTES + DISCARDED_BODY_BYTES + 2 * 1024 * 1024)
      expect(revalidateTag).not.toHaveBeenCalled()
    } finally {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  })
})
