import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { readLakeToken } from '../lib/sanity/lake-token'
import { baseUrl } from './browser'
import { cookieHeader, draftModeCookies } from './preview-support'

/**
 * Security and cache headers on every kind of route (issue 10; docs/decisions/0007): the common
 * headers everywhere, the static reader CSP on reader pages (no nonce, so they stay prerendered and
 * CDN-cacheable), the preview and Studio policies with `private, no-store`, no HSTS over plain HTTP
 * but HSTS behind an HTTPS proxy, and immutable hashed assets. Plain HTTP, no browser.
 */

const ARTICLE = '/articles/turkey-erdogan-putin-to-meet-in-moscow-this-week-for-syria-talks'
const READER_PAGES = ['/', ARTICLE, '/sections/middle-east']
const DISTRIBUTION = ['/sitemap.xml', '/news-sitemap.xml', '/feed.xml', '/robots.txt']

type Answer = { status: number; headers: Headers; text: string }

async function get(route: string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${baseUrl()}${route}`, { headers, redirect: 'manual', signal: AbortSignal.timeout(30_000) })
  return { status: response.status, headers: response.headers, text: await response.text() }
}

/** The CSP as directive → sources. */
function policy(answer: Answer, route: string): Map<string, string[]> {
  const header = answer.headers.get('content-security-policy')
  assert.ok(header, `${route}: no Content-Security-Policy`)
  return new Map(header.split(';').map((part) => part.trim().split(/\s+/)).filter((parts) => parts[0]).map(([name, ...sources]) => [name, sources]))
}

function assertCommon(answer: Answer, route: string) {
  assert.equal(answer.headers.get('x-content-type-options'), 'nosniff', `${route}: X-Content-Type-Options`)
  assert.equal(answer.headers.get('referrer-policy'), 'strict-origin-when-cross-origin', `${route}: Referrer-Policy`)
  assert.match(answer.headers.get('permissions-policy') ?? '', /camera=\(\).*microphone=\(\).*geolocation=\(\)/, `${route}: Permissions-Policy`)
  assert.equal(answer.headers.get('strict-transport-security'), null, `${route}: HSTS over plain HTTP`)
  assert.equal(answer.headers.get('x-powered-by'), null, `${route}: X-Powered-By`)
}

function assertNoStore(answer: Answer, route: string) {
  const cache = answer.headers.get('cache-control') ?? ''
  assert.match(cache, /private/, `${route}: Cache-Control "${cache}" is not private`)
  assert.match(cache, /no-store/, `${route}: Cache-Control "${cache}" is not no-store`)
}

function assertReaderPolicy(answer: Answer, route: string) {
  const csp = policy(answer, route)
  for (const directive of ['default-src', 'style-src', 'img-src', 'font-src', 'connect-src', 'base-uri', 'form-action', 'frame-ancestors']) {
    assert.deepEqual(csp.get(directive), ["'self'"], `${route}: ${directive}`)
  }
  assert.deepEqual(csp.get('script-src'), ["'self'", "'unsafe-inline'"], `${route}: script-src`)
  assert.deepEqual(csp.get('object-src'), ["'none'"], `${route}: object-src`)
  // Static: no nonce, so the page can be prerendered and shared.
  assert.doesNotMatch(answer.headers.get('content-security-policy')!, /nonce-|unsafe-eval/, `${route}: nonce or eval`)
}

/** Every script the HTML loads comes from this origin (or is inline); no inline event handlers. */
function assertFirstPartyScripts(html: string, route: string) {
  for (const [, src] of html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)) assert.ok(src.startsWith('/'), `${route}: script from ${src}`)
  assert.doesNotMatch(html, /<[a-z][^>]*\son[a-z]+=/i, `${route}: inline event handler`)
}

describe('response headers', () => {
  for (const route of READER_PAGES) {
    it(`${route}: common headers, the static reader CSP, CDN-cacheable`, async () => {
      const answer = await get(route)
      assert.equal(answer.status, 200)
      assertCommon(answer, route)
      assertReaderPolicy(answer, route)
      assertFirstPartyScripts(answer.text, route)
      const cache = answer.headers.get('cache-control') ?? ''
      assert.match(cache, /s-maxage=\d+/, `${route}: Cache-Control "${cache}" is not shared-cacheable`)
      assert.doesNotMatch(cache, /private|no-store/, `${route}: Cache-Control "${cache}"`)
    })
  }

  it('the 404 page: common headers and the reader CSP', async () => {
    const answer = await get('/articles/zz-no-such-story')
    assert.equal(answer.status, 404)
    assertCommon(answer, '404')
    assertReaderPolicy(answer, '404')
  })

  it('an answer the front door gives itself (a malformed image path): 400 with the common headers', async () => {
    const answer = await get('/media/images/%ff')
    assert.equal(answer.status, 400)
    assertCommon(answer, 'front-door 400')
    assert.equal(answer.headers.get('cache-control'), 'no-store')
  })

  for (const route of DISTRIBUTION) {
    it(`${route}: common headers`, async () => {
      const answer = await get(route)
      assert.equal(answer.status, 200)
      assertCommon(answer, route)
    })
  }

  it('a first-party image: common headers, cacheable', async () => {
    const article = await get(ARTICLE)
    const src = /srcSet="([^" ]+)/.exec(article.text)?.[1]?.replace(/&amp;/g, '&')
    assert.ok(src?.startsWith('/media/images/'), 'the article has a first-party image')
    const answer = await get(src!)
    assert.equal(answer.status, 200)
    assertCommon(answer, src!)
    assert.doesNotMatch(answer.headers.get('cache-control') ?? '', /no-store/)
  })

  it('/api/revalidate: common headers, a locked-down CSP, never cached', async () => {
    const answer = await get('/api/revalidate')
    assert.ok(answer.status >= 400 && answer.status < 500, `status ${answer.status}`)
    assertCommon(answer, '/api/revalidate')
    assert.deepEqual(policy(answer, '/api/revalidate').get('default-src'), ["'none'"])
    assertNoStore(answer, '/api/revalidate')
  })

  it('/studio: its own policy (same-origin framing, no eval), never cached', async () => {
    const answer = await get('/studio')
    assert.equal(answer.status, 200)
    assertCommon(answer, '/studio')
    const csp = policy(answer, '/studio')
    assert.deepEqual(csp.get('frame-ancestors'), ["'self'"])
    assert.deepEqual(csp.get('object-src'), ["'none'"])
    assert.ok(!csp.get('script-src')?.includes("'unsafe-eval'"), 'no eval in Studio')
    assertNoStore(answer, '/studio')
  })

  it('preview (draft mode): the preview policy, never cached', async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '.next', 'prerender-manifest.json'), 'utf8'))
    const token = process.env.SANITY_API_TOKEN || readLakeToken(process.env.LAKE_DATA_DIR ?? '')
    assert.ok(token, 'the site token (SANITY_API_TOKEN or LAKE_DATA_DIR/token)')
    const answer = await get(ARTICLE, { cookie: cookieHeader(draftModeCookies(manifest.preview.previewModeId, token)) })
    assert.equal(answer.status, 200)
    assertCommon(answer, 'preview')
    const csp = policy(answer, 'preview')
    assert.deepEqual(csp.get('frame-ancestors'), ["'self'"])
    assert.deepEqual(csp.get('object-src'), ["'none'"])
    assertNoStore(answer, 'preview')
  })

  it('hashed assets: immutable for a year', async () => {
    const html = (await get('/')).text
    const chunk = /\/_next\/static\/chunks\/[A-Za-z0-9_.~-]+\.js/.exec(html)?.[0]
    assert.ok(chunk, 'the home page names a chunk')
    const answer = await get(chunk)
    assert.equal(answer.status, 200)
    assert.equal(answer.headers.get('x-content-type-options'), 'nosniff')
    assert.match(answer.headers.get('cache-control') ?? '', /public.*max-age=31536000.*immutable/)
  })

  it('HSTS only when the request came over HTTPS (X-Forwarded-Proto from the TLS proxy)', async () => {
    const answer = await get('/', { 'x-forwarded-proto': 'https' })
    assert.match(answer.headers.get('strict-transport-security') ?? '', /max-age=\d{8}/)
  })
})
