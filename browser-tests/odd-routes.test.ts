import assert from 'node:assert/strict'
import http from 'node:http'
import { describe, it } from 'node:test'
import { baseUrl } from './browser'

/**
 * Odd and hostile URLs on the built site (issue 10): dot segments, encoded slashes and dots,
 * unicode, 10 KB slugs and huge query strings get a clear 4xx (or the page itself when the URL
 * still names it), never a 5xx, and never a stack trace in the body. Raw request paths over
 * node:http, so nothing normalises them on the way.
 */

const ARTICLE = '/articles/turkey-erdogan-putin-to-meet-in-moscow-this-week-for-syria-talks'

function rawGet(path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(baseUrl())
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, path, method: 'GET', agent: false, timeout: 30_000 }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('timeout', () => req.destroy(new Error(`GET ${path.slice(0, 80)} timed out`)))
    req.on('error', reject)
    req.end()
  })
}

const ODD_PATHS: string[] = [
  '/articles/../../etc/passwd',
  '/articles/..%2f..%2fetc%2fpasswd',
  '/articles/%2e%2e/%2e%2e/etc/passwd',
  '/articles/a%2fb',
  '/articles/a%5cb',
  '/articles/%00',
  '/articles/a%00b',
  '/sections/..%252f',
  '/articles/%c0%ae%c0%ae',
  '/articles/%ff%fe',
  `/articles/${encodeURIComponent('新闻-ünïcödé-😀')}`,
  '/articles/ünïcödé-raw',
  `/articles/${'a'.repeat(10 * 1024)}`,
  `/sections/${'b'.repeat(10 * 1024)}`,
  `/articles/${'%41'.repeat(3000)}`,
  '/media/images/..%2f..%2fpackage.json',
  '/media/images/../../package.json',
  '/_next/static/..%2f..%2fpackage.json',
  '/_next/image?url=http://169.254.169.254/&w=64&q=75',
  '/api/draft-mode/enable?sanity-preview-secret=' + 'x'.repeat(4000),
  '/api/draft-mode/disable?redirect=//evil.example',
  `/?q=${'x'.repeat(12 * 1024)}`,
  `${ARTICLE}?${Array.from({ length: 800 }, (_, i) => `p${i}=${i}`).join('&')}`,
]

describe('odd routes', () => {
  for (const path of ODD_PATHS) {
    it(`${path.slice(0, 70)}${path.length > 70 ? `… (${path.length} chars)` : ''}: no 5xx, no stack trace`, async () => {
      const { status, body } = await rawGet(path)
      assert.ok(status < 500, `status ${status}`)
      assert.ok(status !== 200 || path.startsWith(ARTICLE) || path.startsWith('/?') || path.startsWith('/api/draft-mode/disable'), `status 200 for ${path.slice(0, 80)}`)
      assert.doesNotMatch(body, /\n\s+at [\w.<>]+ \(|ENAMETOOLONG|Internal Server Error/)
    })
  }

  it('answers a query string beyond the header limit (16 KB) with a 4xx', async () => {
    // Just past the limit: a much longer request line is still being written when the server
    // answers 431 and closes, and the client then sees a reset instead of the answer.
    const { status } = await rawGet(`/?q=${'x'.repeat(20 * 1024)}`)
    assert.ok(status >= 400 && status < 500, `status ${status}`)
  })
})
