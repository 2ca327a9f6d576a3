/**
 * The site's server replaces a failed page's unreadable answer (Next 16's JavaScript-only shell)
 * with a page readable without JavaScript (issue 12, row 7): the decision
 * (lib/routing/readable-error-pages.ts) and the response rewriting (scripts/site/readable-errors.ts)
 * over a real HTTP server, with a stand-in for Next that writes its answer in the ways Next does.
 */
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { readableReplacement } from '@/lib/routing/readable-error-pages'
import { replaceUnreadableErrors } from '@/scripts/site/readable-errors'

const SHELL = '<!DOCTYPE html><html id="__next_error__"><head></head><body></body></html>'
const NOT_FOUND_PAGE = '<!DOCTYPE html><html><body><h1>Page not found</h1></body></html>'

const distDir = fs.mkdtempSync(path.join(os.tmpdir(), 'readable-errors-'))
fs.mkdirSync(path.join(distDir, 'server', 'app'), { recursive: true })
fs.writeFileSync(path.join(distDir, 'server', 'app', '_not-found.html'), NOT_FOUND_PAGE)
afterAll(() => fs.rmSync(distDir, { recursive: true, force: true }))

describe('readableReplacement', () => {
  it('replaces HTML 404s with the built not-found page and 5xx with the plain error page', () => {
    expect(readableReplacement(404, 'text/html; charset=utf-8', distDir)).toMatchObject({ status: 404, html: NOT_FOUND_PAGE })
    const error = readableReplacement(500, 'text/html', distDir)
    expect(error?.status).toBe(500)
    expect(error?.html).toMatch(/<h1>This page could not be loaded<\/h1>/)
    expect(error?.html).not.toContain('<script')
  })

  it('keeps successful answers, non-HTML answers (RSC payloads, JSON) and 404s when there is no build', () => {
    expect(readableReplacement(200, 'text/html', distDir)).toBeNull()
    expect(readableReplacement(404, 'text/x-component', distDir)).toBeNull()
    expect(readableReplacement(500, 'application/json', distDir)).toBeNull()
    expect(readableReplacement(404, undefined, distDir)).toBeNull()
    expect(readableReplacement(404, 'text/html', path.join(distDir, 'missing'))).toBeNull()
  })
})

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string }

/** A server whose "Next" writes `respond`'s answer, behind the replacement. */
async function serve(respond: (req: http.IncomingMessage, res: http.ServerResponse) => void, method = 'GET', acceptGzip = false): Promise<Answer> {
  const server = http.createServer((req, res) => {
    replaceUnreadableErrors(req, res, (status, type) => readableReplacement(status, type, distDir))
    respond(req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  try {
    return await new Promise<Answer>((resolve, reject) => {
      const request = http.request({ host: '127.0.0.1', port, method, path: '/', headers: acceptGzip ? { 'accept-encoding': 'gzip' } : {} }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          const raw = Buffer.concat(chunks)
          const body = res.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(raw).toString() : raw.toString()
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body })
        })
      })
      request.on('error', reject)
      request.end()
    })
  } finally {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
}

describe('replaceUnreadableErrors', () => {
  it('a 404 shell sent with setHeader + end becomes the not-found page', async () => {
    const answer = await serve((_req, res) => {
      res.statusCode = 404
      res.setHeader('content-type', 'text/html; charset=utf-8')
      res.setHeader('etag', '"shell"')
      res.end(SHELL)
    })
    expect(answer).toMatchObject({ status: 404, body: NOT_FOUND_PAGE })
    expect(answer.headers['content-length']).toBe(String(NOT_FOUND_PAGE.length))
    expect(answer.headers.etag).toBeUndefined()
    expect(answer.headers['cache-control']).toBe('no-store')
  })

  it('a 500 shell streamed with writeHead(headers) + write + end becomes the plain error page', async () => {
    const answer = await serve((_req, res) => {
      res.writeHead(500, { 'Content-Type': 'text/html' })
      res.write(SHELL.slice(0, 20))
      res.write(SHELL.slice(20))
      res.end()
    })
    expect(answer.status).toBe(500)
    expect(answer.body).toMatch(/<h1>This page could not be loaded<\/h1>/)
    expect(answer.body).not.toContain('__next_error__')
  })

  it('a compressed shell (compression wrapping the response, as in Next) is replaced, uncompressed', async () => {
    const answer = await serve((_req, res) => {
      // What a compression middleware does: writes the gzip stream through the response it wrapped.
      res.statusCode = 404
      res.setHeader('content-type', 'text/html')
      res.setHeader('content-encoding', 'gzip')
      const gzip = zlib.createGzip()
      gzip.on('data', (chunk: Buffer) => res.write(chunk))
      gzip.on('end', () => res.end())
      gzip.end(SHELL)
    }, 'GET', true)
    expect(answer.headers['content-encoding']).toBeUndefined()
    expect(answer).toMatchObject({ status: 404, body: NOT_FOUND_PAGE })
  })

  it('leaves good pages, RSC payloads and HEAD bodies alone', async () => {
    const page = await serve((_req, res) => {
      res.setHeader('content-type', 'text/html')
      res.end('<p>story</p>')
    })
    expect(page).toMatchObject({ status: 200, body: '<p>story</p>' })
    const rsc = await serve((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/x-component' })
      res.end('0:{}')
    })
    expect(rsc).toMatchObject({ status: 404, body: '0:{}' })
    const head = await serve((_req, res) => {
      res.statusCode = 404
      res.setHeader('content-type', 'text/html')
      res.end()
    }, 'HEAD')
    expect(head).toMatchObject({ status: 404, body: '' })
    expect(head.headers['content-length']).toBe(String(NOT_FOUND_PAGE.length))
  })
})
