/**
 * Hostile and unknown URLs against the built site (issue 12, rows 2 and 5–8), over plain HTTP.
 * Runs its own `next start` of the existing build against the suite's lake, so the server log can
 * be read, and measures `.next/` around a flood of random slugs: they must leave nothing behind.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { encodeSignatureHeader, SIGNATURE_HEADER_NAME } from '@sanity/webhook'
import { readLakeToken } from '../lib/sanity/lake-token'
import { freePort } from '../scripts/site/ports'
import { cookieHeader, draftModeCookies } from './preview-support'
import { bodyWithoutScripts, get, inParallel, mutate, root, startLoggedSite, treeSize, type LoggedSite } from './site-process'

const NOT_FOUND_TEXT = 'We could not find the page you asked for.'
const WEBHOOK_SECRET = randomBytes(24).toString('base64url')
const RANDOM_ARTICLES = 1000
const RANDOM_SECTIONS = 100
const nextDir = path.join(root, '.next')
const random = () => randomBytes(6).toString('hex')

function env(name: string): string {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is not set: run the suite through \`npm run test:browser\``)
  return value
}

/** A GET with the path sent exactly as written (fetch would resolve `.`, `..` and `%2e` first). */
function rawGet(base: string, rawPath: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  const { hostname, port } = new URL(base)
  return new Promise((resolve, reject) => {
    const request = http.request({ host: hostname, port, path: rawPath, method: 'GET' }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }))
    })
    request.on('error', reject)
    request.setTimeout(30_000, () => request.destroy(new Error(`no answer for ${rawPath}`)))
    request.end()
  })
}

function article(id: string, slug: string, headline: string) {
  return {
    _id: id,
    _type: 'article',
    headline,
    slug: { _type: 'slug', current: slug },
    section: { _type: 'reference', _ref: 'section-middle-east' },
    publishedAt: '2026-01-05T10:00:00Z',
    body: [{ _type: 'block', _key: 'p1', style: 'normal', markDefs: [], children: [{ _type: 'span', _key: 's1', text: `${headline}: the text.`, marks: [] }] }],
  }
}

/** The 404 page as a reader without JavaScript sees it: status 404, the message in the body markup. */
function assertNotFoundPage(response: { status: number; text: string }, what: string) {
  assert.equal(response.status, 404, `${what}: status`)
  const body = bodyWithoutScripts(response.text)
  assert.ok(body.includes('<h1>Page not found</h1>'), `${what}: no "Page not found" heading outside scripts`)
  assert.ok(body.includes(NOT_FOUND_TEXT), `${what}: the explanation is missing outside scripts`)
}

describe('unknown URLs on the built site', () => {
  const lakeUrl = env('LAKE_URL')
  const token = readLakeToken(env('LAKE_DATA_DIR'))
  let site: LoggedSite

  before(async () => {
    site = await startLoggedSite({ LAKE_URL: lakeUrl, LAKE_DATA_DIR: env('LAKE_DATA_DIR'), SANITY_PROJECT_ID: '', SANITY_WEBHOOK_SECRET: WEBHOOK_SECRET })
  })
  after(async () => {
    await site?.stop()
  })

  it(`${RANDOM_ARTICLES} random article slugs and ${RANDOM_SECTIONS} section slugs leave .next/ exactly as it was`, { timeout: 180_000 }, async () => {
    // Warm-up: the 404 page and the prerendered pages are copied into the route cache once, on first use.
    for (const warm of ['/articles/warm-up-slug', '/sections/warm-up-slug', '/']) await get(`${site.url}${warm}`)
    const before = treeSize(nextDir)
    const statuses = new Map<number, number>()
    const count = (status: number) => {
      statuses.set(status, (statuses.get(status) ?? 0) + 1)
    }
    await inParallel(RANDOM_ARTICLES, 8, async (i) => {
      // Every tenth carries a forged draft-mode cookie: it must not open the page cache either.
      const headers: Record<string, string> = i % 10 === 0 ? { cookie: `__prerender_bypass=${random()}` } : {}
      count((await get(`${site.url}/articles/rnd-${i}-${random()}`, headers)).status)
    })
    await inParallel(RANDOM_SECTIONS, 8, async (i) => count((await get(`${site.url}/sections/rnd-${i}-${random()}`)).status))
    assert.deepEqual([...statuses], [[404, RANDOM_ARTICLES + RANDOM_SECTIONS]])
    assert.deepEqual(treeSize(nextDir), before, '.next/ changed')
  })

  it('answers slugs over the schema maximum with a 404 and writes nothing to the log', async () => {
    const logged = site.log.length
    for (const length of [300, 97]) assert.equal((await get(`${site.url}/articles/${'a'.repeat(length)}`)).status, 404, `${length} characters`)
    assert.deepEqual(site.log.slice(logged), [])
  })

  it('resolves dot segments before deciding: no made-up variant, unknown slug or 500 through ./, %2e or x/../', async () => {
    const slug = 'turkey-erdogan-putin-to-meet-in-moscow-this-week-for-syria-talks'
    for (const warm of [`/articles/${slug}`, '/articles/warm-up-slug']) await get(`${site.url}${warm}`)
    const before = treeSize(nextDir)
    for (const raw of [
      `/articles/${slug}/region/./ZZ`,
      `/articles/${slug}/region/%2e/QQ`,
      `/x/../articles/${slug}/region/XY`,
      `/articles/${slug}/lite/./zz`,
      `/articles/./no-such-story-${random()}`,
      `/articles/${slug}/region/./ZZ/../QQ`,
    ]) {
      assertNotFoundPage(await rawGet(site.url, raw), raw)
    }
    for (const raw of ['/x/../articles/%E0%A4%A', '/x/../sections/%ff']) assert.equal((await rawGet(site.url, raw)).status, 404, raw)
    assert.equal((await rawGet(site.url, '/x/../media/images/%E0%A4%A')).status, 400)
    assert.deepEqual(treeSize(nextDir), before, '.next/ changed')
    // Headers follow the resolved path too: Studio keeps its own policy.
    const studio = await rawGet(site.url, '/x/../studio')
    assert.match(String(studio.headers['content-security-policy']), /worker-src 'self' blob:/)
    assert.match(String(studio.headers['cache-control']), /no-store/)
    assert.equal((await rawGet(site.url, 'http://elsewhere.example/articles/x')).status, 400)
  })

  it('answers malformed percent-encodings with a 4xx, never a 500', async () => {
    for (const bad of ['/articles/%ff', '/articles/%E2%82', '/articles/%', '/articles/a/%ff', '/sections/%ff']) {
      assert.equal((await get(`${site.url}${bad}`)).status, 404, bad)
    }
    assert.equal((await get(`${site.url}/media/images/%ff`)).status, 400, '/media/images/%ff')
  })

  it('renders the 404 message in the HTML, readable without JavaScript', async () => {
    for (const url of ['/articles/zz', '/articles/Not-A-Slug', `/articles/${'a'.repeat(300)}`, '/articles/%ff', '/sections/zz']) {
      assertNotFoundPage(await get(`${site.url}${url}`), url)
    }
  })

  it('answers a published story that fails validation with the 404 page, readable without JavaScript', async () => {
    const id = `article-invalid-${random()}`
    const slug = `published-but-invalid-${random()}`
    // Published through the API (Studio would refuse it): no headline, no body.
    await mutate(lakeUrl, token!, [{ createOrReplace: { ...article(id, slug, 'x'), headline: '', body: [] } }])
    try {
      for (let i = 0; i < 2; i++) {
        const answer = await get(`${site.url}/articles/${slug}`)
        assertNotFoundPage(answer, `invalid story, request ${i + 1}`)
        assert.doesNotMatch(answer.text, /__next_error__/)
      }
    } finally {
      await mutate(lakeUrl, token!, [{ delete: { id } }])
    }
  })

  it('serves an article published after its URL was asked for at once', async () => {
    const id = `article-later-${random()}`
    const slug = `published-after-a-404-${random()}`
    const headline = 'Published After A 404'
    assert.equal((await get(`${site.url}/articles/${slug}`)).status, 404, 'before it exists')
    await mutate(lakeUrl, token!, [{ createOrReplace: article(`drafts.${id}`, slug, headline) }])
    assert.equal((await get(`${site.url}/articles/${slug}`)).status, 404, 'while it is only a draft')
    // Publishing as Studio does: the published document replaces the draft in one transaction.
    await mutate(lakeUrl, token!, [{ createOrReplace: article(id, slug, headline) }, { delete: { id: `drafts.${id}` } }])
    const page = await get(`${site.url}/articles/${slug}`)
    assert.equal(page.status, 200)
    assert.ok(bodyWithoutScripts(page.text).includes(headline))
  })

  it('answers an unpublished story with the 404 page as soon as its publish webhook arrives', async () => {
    const id = `article-gone-${random()}`
    const slug = `unpublished-soon-${random()}`
    await mutate(lakeUrl, token!, [{ createOrReplace: article(id, slug, 'Unpublished Soon') }])
    assert.equal((await get(`${site.url}/articles/${slug}`)).status, 200)
    await mutate(lakeUrl, token!, [{ delete: { id } }])
    const body = JSON.stringify({ _id: id, _type: 'article', slug: null, previousSlug: slug, operation: 'delete' })
    const signature = await encodeSignatureHeader(body, Date.now(), WEBHOOK_SECRET)
    const hook = await fetch(`${site.url}/api/revalidate`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER_NAME]: signature },
      signal: AbortSignal.timeout(15_000),
    })
    assert.equal(hook.status, 200)
    assertNotFoundPage(await get(`${site.url}/articles/${slug}`), 'after the webhook')
  })

  it('lets an editor in draft mode preview a slug that is not published', async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(nextDir, 'prerender-manifest.json'), 'utf8'))
    const id = `article-draft-${random()}`
    const slug = `draft-only-${random()}`
    await mutate(lakeUrl, token!, [{ createOrReplace: article(`drafts.${id}`, slug, 'Draft Only Story') }])
    assert.equal((await get(`${site.url}/articles/${slug}`)).status, 404, 'a draft without draft mode')
    const preview = await get(`${site.url}/articles/${slug}`, { cookie: cookieHeader(draftModeCookies(manifest.preview.previewModeId, token!)) })
    assert.equal(preview.status, 200)
    assert.ok(bodyWithoutScripts(preview.text).includes('Draft Only Story'))
  })

  it('refuses image variants the site never asks for, and serves the ones it does', async () => {
    const page = await get(`${site.url}/articles/turkey-erdogan-putin-to-meet-in-moscow-this-week-for-syria-talks`)
    const src = /srcSet="([^" ]+)/.exec(page.text)?.[1]?.replace(/&amp;/g, '&')
    assert.ok(src?.startsWith('/media/images/'), 'the article has a first-party image')
    const image = await fetch(`${site.url}${src}`, { signal: AbortSignal.timeout(30_000) })
    assert.equal(image.status, 200)
    assert.match(image.headers.get('content-type') ?? '', /^image\//)
    const path = src!.split('?')[0]
    for (const attack of ['?rect=0,0,1,20&w=4000&h=4000&fit=crop&crop=focalpoint&auto=format', '?w=4000&h=4000&fm=avif&q=100&auto=format']) {
      const refused = await get(`${site.url}${path}${attack}`)
      assert.equal(refused.status, 400, attack)
      assert.equal(JSON.parse(refused.text).error.type, 'imageParameterError')
    }
  })

  it('wrote no stack trace, ENAMETOOLONG or server error to the log', () => {
    const bad = site.log.filter((line) => /ENAMETOOLONG|^\s+at |Internal Server Error|⨯|Error:/.test(line))
    assert.deepEqual(bad, [], site.log.join('\n'))
  })
})

describe('the site when the content service does not answer', () => {
  let site: LoggedSite

  before(async () => {
    site = await startLoggedSite({ LAKE_URL: `http://127.0.0.1:${await freePort()}`, SANITY_PROJECT_ID: '' })
  })
  after(async () => {
    await site?.stop()
  })

  it('answers a story it cannot check with a 503 page that reads without JavaScript, and one log line', async () => {
    for (let i = 0; i < 20; i++) {
      const response = await get(`${site.url}/articles/story-${i}-${random()}`)
      assert.equal(response.status, 503)
      assert.ok(response.headers.get('retry-after'))
      assert.ok(bodyWithoutScripts(response.text).includes('This page could not be loaded'))
    }
    const lines = site.log.filter((line) => line.includes('[front-door]'))
    assert.equal(lines.length, 1, site.log.join('\n'))
    assert.deepEqual(site.log.filter((line) => /^\s+at /.test(line)), [])
  })
})
