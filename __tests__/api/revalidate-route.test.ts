/**
 * POST /api/revalidate: Sanity's signed publish webhook. Good signature → exactly the touched tags
 * are expired, kept on disk before the answer (another process started after a kill sees them and
 * knows the delivery); missing/bad/stale signature → 401; malformed body → 400; no secret
 * configured → 503.
 */
import { encodeSignatureHeader, SIGNATURE_HEADER_NAME } from '@sanity/webhook'
import { NextRequest } from 'next/server'

const revalidateTag = jest.fn()
jest.mock('next/cache', () => ({ revalidateTag: (...args: unknown[]) => revalidateTag(...args) }))

import { POST } from '@/app/api/revalidate/route'
import { STALE_TAG_EXPIRE_SECONDS } from '@/lib/content/revalidation'
import { inAnotherServerProcess } from '../support/site-state-process'

jest.setTimeout(60_000)

const SECRET = 'test-webhook-secret-0123456789'
const savedEnv = { ...process.env }
beforeEach(() => {
  process.env.SANITY_WEBHOOK_SECRET = SECRET
  revalidateTag.mockClear()
})
afterAll(() => {
  process.env = savedEnv
})

async function signedRequest(body: string, { secret = SECRET, timestamp = Date.now(), signature }: { secret?: string; timestamp?: number; signature?: string | null } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  const header = signature === undefined ? await encodeSignatureHeader(body, timestamp, secret) : signature
  if (header !== null) headers[SIGNATURE_HEADER_NAME] = header
  return new NextRequest('http://127.0.0.1/api/revalidate', { method: 'POST', body, headers })
}

async function call(request: NextRequest) {
  const response = await POST(request)
  return { status: response.status, body: await response.json() }
}

const article = JSON.stringify({ _id: 'article-x', _type: 'article', slug: 'new-slug', previousSlug: 'old-slug', operation: 'update' })

describe('POST /api/revalidate', () => {
  it('revalidates exactly the tags the change touches: its own at once, its type lists stale-while-revalidate', async () => {
    const { status, body } = await call(await signedRequest(article))
    expect(status).toBe(200)
    const expected = ['type:article', 'article:article-x', 'article-slug:new-slug', 'article-slug:old-slug']
    expect(body.revalidated).toEqual(expected)
    expect(revalidateTag.mock.calls).toEqual([
      ['type:article', { expire: STALE_TAG_EXPIRE_SECONDS }],
      ['article:article-x', { expire: 0 }],
      ['article-slug:new-slug', { expire: 0 }],
      ['article-slug:old-slug', { expire: 0 }],
    ])
  })

  it('revalidates a replayed (or retried) delivery only once: the same signature is answered as a duplicate', async () => {
    const body = JSON.stringify({ _id: 'article-replayed', _type: 'article', slug: 'replayed', operation: 'update' })
    const timestamp = Date.now()
    const first = await call(await signedRequest(body, { timestamp }))
    expect(first.body.revalidated).toContain('article-slug:replayed')
    const calls = revalidateTag.mock.calls.length
    const again = await call(await signedRequest(body, { timestamp }))
    expect(again).toEqual({ status: 200, body: { revalidated: [], duplicate: true } })
    expect(revalidateTag.mock.calls.length).toBe(calls)
    // A new delivery of the same change (signed again, another timestamp) is not a duplicate.
    expect((await call(await signedRequest(body, { timestamp: timestamp + 1 }))).body.revalidated).toContain('article-slug:replayed')
  })

  it('keeps the tag times on disk before it answers: a server started after a kill -9 loads them into Next', async () => {
    const before = Date.now()
    const body = JSON.stringify({ _id: 'article-kept', _type: 'article', slug: 'kept', operation: 'delete' })
    expect((await call(await signedRequest(body))).status).toBe(200)
    const after = Date.now()
    const manifest = new Map<string, { at: number; stale?: number; expired?: number }>(JSON.parse(inAnotherServerProcess('load-tag-times')))
    // The story's own tags expire at once: a page cached before the publish is a miss after a restart.
    for (const tag of ['article:article-kept', 'article-slug:kept']) {
      const time = manifest.get(tag)
      expect(time?.expired).toBeGreaterThanOrEqual(before)
      expect(time?.expired).toBeLessThanOrEqual(after)
    }
    // Its lists go stale (served once more while they render again), as before the restart.
    const list = manifest.get('type:article')
    expect(list?.stale).toBeGreaterThanOrEqual(before)
    expect(list?.expired).toBeGreaterThan(after + 300 * 24 * 3600_000)
  })

  it('knows a delivery it accepted before a restart, and one a killed server accepted: duplicates; a new delivery is not', async () => {
    const body = JSON.stringify({ _id: 'article-restart', _type: 'article', slug: 'restart', operation: 'update' })
    const timestamp = Date.now()
    const accepted = await signedRequest(body, { timestamp })
    const signature = accepted.headers.get(SIGNATURE_HEADER_NAME)!
    expect((await call(accepted)).body.revalidated).toContain('article-slug:restart')
    // Another process (this server restarted) gets the same delivery: nothing to do again.
    expect(JSON.parse(inAnotherServerProcess('record-publish', 'site', signature, JSON.stringify(['article-slug:restart'])))).toEqual({ duplicate: true })
    // A delivery accepted by a server killed right after it answered, then replayed here.
    const replayed = await signedRequest(body, { timestamp: timestamp + 7 })
    expect(JSON.parse(inAnotherServerProcess('record-publish', 'site', replayed.headers.get(SIGNATURE_HEADER_NAME)!, '[]'))).toEqual({ duplicate: false, shared: false })
    const calls = revalidateTag.mock.calls.length
    expect(await call(replayed)).toEqual({ status: 200, body: { revalidated: [], duplicate: true } })
    expect(revalidateTag.mock.calls.length).toBe(calls)
    // A genuinely new delivery of the same change (signed again) revalidates.
    expect((await call(await signedRequest(body, { timestamp: timestamp + 20 }))).body.revalidated).toContain('article-slug:restart')
  })

  it('revalidates site-wide tags for settings and nothing for drafts', async () => {
    const settings = await call(await signedRequest(JSON.stringify({ _id: 'siteSettings', _type: 'siteSettings' })))
    expect(settings.body.revalidated).toEqual(['type:siteSettings', 'siteSettings:siteSettings', 'siteSettings'])
    const draft = await call(await signedRequest(JSON.stringify({ _id: 'drafts.article-x', _type: 'article', slug: 'x' })))
    expect(draft).toEqual({ status: 200, body: { revalidated: [] } })
  })

  it.each([
    ['missing', { signature: null }, /Missing sanity-webhook-signature/],
    ['signed with another secret', { secret: 'another-secret-0123456789' }, /Invalid signature/],
    ['malformed', { signature: 'v1=abc' }, /Malformed sanity-webhook-signature/],
    ['stale (10 minutes old)', { timestamp: Date.now() - 10 * 60_000 }, /Stale signature/],
    ['from the future', { timestamp: Date.now() + 10 * 60_000 }, /Stale signature/],
  ])('refuses a %s signature with 401', async (_name, options, message) => {
    const { status, body } = await call(await signedRequest(article, options))
    expect(status).toBe(401)
    expect(body.error).toMatch(message)
    expect(revalidateTag).not.toHaveBeenCalled()
  })

  it('refuses a malformed body with 400, and unsigned garbage with 401', async () => {
    const notJson = await call(await signedRequest('{"_id": '))
    expect(notJson).toEqual({ status: 400, body: { error: 'Body is not valid JSON' } })
    const forged = await call(await signedRequest('{"_id": ', { secret: 'another-secret-0123456789' }))
    expect(forged.status).toBe(401)
    const wrongShape = await call(await signedRequest(JSON.stringify({ _id: 42, _type: 'article', extra: true })))
    expect(wrongShape.status).toBe(400)
    expect(wrongShape.body.error).toMatch(/^Malformed webhook body: _id: .*; .*extra/)
    expect(revalidateTag).not.toHaveBeenCalled()
  })

  it('answers 503 when no secret is configured', async () => {
    delete process.env.SANITY_WEBHOOK_SECRET
    const { status, body } = await call(await signedRequest(article))
    expect(status).toBe(503)
    expect(body.error).toMatch(/SANITY_WEBHOOK_SECRET/)
  })
})

describe('the lake and the site agree on the webhook body', () => {
  it("parses every payload the lake's outbox sends, and the documented projection names each field", async () => {
    const { webhookPayload } = await import('@/lib/lake/webhooks/outbox')
    const { WEBHOOK_PROJECTION, webhookBodyModel } = await import('@/lib/content/revalidation')
    const before = { _id: 'a', _type: 'article', _rev: '1', slug: { current: 'old' } }
    const after = { ...before, _rev: '2', slug: { current: 'new' } }
    for (const change of [{ id: 'a', before: null, after }, { id: 'a', before, after }, { id: 'a', before, after: null }]) {
      const payload = webhookPayload(change as never)
      expect(webhookBodyModel.parse(payload)).toEqual(payload)
      for (const key of Object.keys(payload ?? {})) expect(WEBHOOK_PROJECTION).toContain(key)
    }
    expect(webhookPayload({ id: 'drafts.a', before: null, after: { ...after, _id: 'drafts.a' } } as never)).toBeNull()
  })
})
