import http from 'node:http'
import type { AddressInfo } from 'node:net'

/** A request as the fake API received it. */
export type ReceivedRequest = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }
export type FakeAnswer = { status: number; headers?: Record<string, string>; body: string }

/**
 * A local HTTP server standing in for a cache tier's purge API (Fastly, Cloudflare, Varnish) on
 * 127.0.0.1: records every request exactly as received and answers with `answer(request)`.
 * Stopped by `close()` (its own server only).
 */
export async function startFakePurgeApi(answer: (request: ReceivedRequest) => FakeAnswer): Promise<{ url: string; received: ReceivedRequest[]; close: () => Promise<void> }> {
  const received: ReceivedRequest[] = []
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') }
      received.push(request)
      const reply = answer(request)
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers })
      res.end(reply.body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
