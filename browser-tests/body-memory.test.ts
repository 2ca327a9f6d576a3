/**
 * Issue 18's "done when": a 300 MB chunked POST leaves the site's RSS within 100 MB of where it
 * was. Against the built site's own server process (its RSS read from /proc/<pid>/status), with a
 * webhook secret set: 300 MB chunked to `/api/revalidate` with a fresh-looking fake signature (the
 * route reads at most 64 KB + 1 byte, then refuses), to `/api/draft-mode/enable` and to a page
 * (neither reads a body: the server discards at most 16 MB of it, then cuts the connection), and
 * three at once to `/api/revalidate`. Each gets its 4xx, and the client can send nowhere near 300 MB.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import { after, before, describe, it } from 'node:test'
import { postChunked } from '../__tests__/support/chunked-post'
import { get, startLoggedSite, type LoggedSite } from './site-process'

const BODY_BYTES = 300 * 1024 * 1024
const MB = 1024 * 1024
const ALLOWED_GROWTH = 100 * MB

/** The site server's resident memory (VmRSS), in bytes. */
function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1]
  assert.ok(kb, 'no VmRSS in /proc/<pid>/status')
  return Number(kb) * 1024
}

const fakeSignature = () => `t=${Date.now()},v1=${randomBytes(32).toString('base64url')}`
const statusOf = (answer: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0)

describe('a 300 MB chunked POST to the built site', () => {
  let site: LoggedSite
  let baseline = 0

  before(async () => {
    site = await startLoggedSite({ SANITY_WEBHOOK_SECRET: randomBytes(32).toString('base64url'), REDIS_URL: '' })
    // Every route used below has run once (its code loaded) before the baseline is taken.
    for (let i = 0; i < 3; i++) {
      await get(`${site.url}/`)
      await get(`${site.url}/api/draft-mode/enable`)
      await postChunked(`${site.url}/api/revalidate`, { 'content-type': 'application/json', 'sanity-webhook-signature': fakeSignature() }, 1024 * 1024)
    }
    await new Promise((resolve) => setTimeout(resolve, 1000))
    baseline = rssOf(site.pid)
    console.log(`[body-memory] site RSS before: ${Math.round(baseline / MB)} MB`)
  })

  after(async () => {
    await site?.stop()
  })

  const cases: [string, string, Record<string, string>, number[]][] = [
    ['/api/revalidate with a fresh-looking fake signature', '/api/revalidate', { 'content-type': 'application/json', 'sanity-webhook-signature': '' }, [413]],
    ['/api/draft-mode/enable', '/api/draft-mode/enable', { 'content-type': 'application/octet-stream' }, [405]],
    ['a page', '/', { 'content-type': 'application/octet-stream' }, [200, 400, 405, 413]],
  ]

  for (const [name, route, headers, statuses] of cases) {
    it(`to ${name}: answered ${statuses.join('/')}, cut off, RSS within 100 MB`, { timeout: 120_000 }, async () => {
      const sent = await postChunked(`${site.url}${route}`, { ...headers, ...(headers['sanity-webhook-signature'] !== undefined && { 'sanity-webhook-signature': fakeSignature() }) }, BODY_BYTES)
      assert.ok(statuses.includes(statusOf(sent.answer)), `answered ${statusOf(sent.answer)}: ${sent.answer.slice(0, 200)}`)
      assert.ok(sent.written < BODY_BYTES / 4, `the client sent ${Math.round(sent.written / MB)} MB before it was cut off`)
      const rss = rssOf(site.pid)
      console.log(`[body-memory] ${route}: answered ${statusOf(sent.answer)}, client sent ${Math.round(sent.written / MB)} MB; site RSS ${Math.round(rss / MB)} MB`)
      assert.ok(rss - baseline <= ALLOWED_GROWTH, `site RSS grew ${Math.round((rss - baseline) / MB)} MB`)
    })
  }

  it('three at once to /api/revalidate: RSS within 100 MB', { timeout: 120_000 }, async () => {
    const sent = await Promise.all(Array.from({ length: 3 }, () => postChunked(`${site.url}/api/revalidate`, { 'content-type': 'application/json', 'sanity-webhook-signature': fakeSignature() }, BODY_BYTES)))
    for (const { answer, written } of sent) {
      assert.equal(statusOf(answer), 413)
      assert.ok(written < BODY_BYTES / 4, `a client sent ${Math.round(written / MB)} MB`)
    }
    const rss = rssOf(site.pid)
    console.log(`[body-memory] three at once: site RSS ${Math.round(rss / MB)} MB`)
    assert.ok(rss - baseline <= ALLOWED_GROWTH, `site RSS grew ${Math.round((rss - baseline) / MB)} MB`)
  })
})
