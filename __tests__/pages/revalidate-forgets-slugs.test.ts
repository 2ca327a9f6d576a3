/**
 * The publish webhook also clears the front door's published-slug memory: an unpublished story stops
 * serving at the next request, not when its memory entry ages out.
 */
import { encodeSignatureHeader, SIGNATURE_HEADER_NAME } from '@sanity/webhook'
import { NextRequest } from 'next/server'
import { publishedSlugChecks } from '@/lib/content/published-slugs'
import { startSeededLakeForSuite } from '../support/seeded-lake'

jest.mock('next/cache', () => ({ revalidateTag: jest.fn() }))

import { POST } from '@/app/api/revalidate/route'

const SECRET = 'test-webhook-secret-0123456789'
const SLUG = 'turkey-erdogan-putin-to-meet-in-moscow-this-week-for-syria-talks'
const ID = 'article-erdogan-putin-moscow-talks'

const lake = startSeededLakeForSuite('revalidate-forgets-slugs')

async function webhook(body: object) {
  const text = JSON.stringify(body)
  const headers = { 'content-type': 'application/json', [SIGNATURE_HEADER_NAME]: await encodeSignatureHeader(text, Date.now(), SECRET) }
  return POST(new NextRequest('http://127.0.0.1/api/revalidate', { method: 'POST', body: text, headers }))
}

it('forgets an unpublished article’s slug when its webhook arrives', async () => {
  process.env.SANITY_WEBHOOK_SECRET = SECRET
  const articles = publishedSlugChecks().article
  expect(await articles.check(SLUG)).toBe('published')
  await lake().store.mutate([{ delete: { id: ID } }])
  // Remembered: without the webhook the front door would let it through until the entry ages out.
  expect(await articles.check(SLUG)).toBe('published')
  expect((await webhook({ _id: ID, _type: 'article', slug: null, previousSlug: SLUG, operation: 'delete' })).status).toBe(200)
  expect(await articles.check(SLUG)).toBe('unknown')
})

it('forgets the regions with their own notice variant when a legal notice is published', async () => {
  process.env.SANITY_WEBHOOK_SECRET = SECRET
  const { noticeRegions } = await import('@/lib/content/notice-regions')
  const forget = jest.spyOn(noticeRegions(), 'forget')
  expect((await webhook({ _id: 'article-x', _type: 'article', slug: 'x', operation: 'update' })).status).toBe(200)
  expect(forget).not.toHaveBeenCalled()
  expect((await webhook({ _id: 'notice-russia', _type: 'legalNotice', operation: 'update' })).status).toBe(200)
  expect(forget).toHaveBeenCalledTimes(1)
})
