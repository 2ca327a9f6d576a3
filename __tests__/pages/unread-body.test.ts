/**
 * The site's server cuts a request body nobody reads (draft mode's GET routes, anything answered
 * without reading): a 64 MB chunked body is read at most 16 MB past the answer, then the connection
 * is cut — Node alone would read and drop all 64 MB.
 */
import http from 'node:http'
import type net from 'node:net'
import { DISCARDED_BODY_BYTES as UNREAD_BODY_DISCARD_BYTES } from '@/lib/lake/http/discard-body'
import { cutUnreadBodyAfterAnswer } from '@/lib/routing/unread-body'
import { postChunked } from '../support/chunked-post'

jest.setTimeout(30_000)

const HOSTILE_BYTES = 64 * 1024 * 1024
/** What the socket and the request stream may hold besides the bytes read and dropped. */
const BUFFERED = 2 * 1024 * 1024

it('reads a body nobody reads at most 16 MB past the answer, then cuts the connection', async () => {
  const sockets = new Set<net.Socket>()
  const server = http.createServer((req, res) => {
    cutUnreadBodyAfterAnswer(req, res)
    res.writeHead(307, { location: '/' }).end()
  })
  server.on('connection', (socket) => sockets.add(socket))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    const { port } = server.address() as net.AddressInfo
    const { answer, written } = await postChunked(`http://127.0.0.1:${port}/api/draft-mode/enable`, {}, HOSTILE_BYTES)
    expect(answer).toMatch(/^HTTP\/1\.1 307 /)
    expect(written).toBeLessThan(HOSTILE_BYTES)
    expect(Math.max(...[...sockets].map((socket) => socket.bytesRead))).toBeLessThan(UNREAD_BODY_DISCARD_BYTES + BUFFERED)
  } finally {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
})
