/**
 * Preview and publish on the built site + lake, over plain HTTP (issue 8): a saved draft reaches
 * no reader — not the article page, its RSC payload, the home page or the section page — while a
 * preview (draft mode through a preview secret) shows it, private and uncached; a publish reaches
 * the public page through the webhook (its 1.5 s goal is measured by `npm run bench`); a discarded draft leaves the preview on the published version.
 * Then the lake's webhook outbox end to end: a publish while the site is down reaches readers once
 * the site is back. The seed content is restored at the end.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { SanityClient, SanityDocument } from '@sanity/client'
import { startLakeServer } from '../lib/lake'
import { freePort } from '../scripts/site/ports'
import { startNodeChild, stopChild, waitForHttp } from '../scripts/site/processes'
import { createPreviewSecret, editorClient, enableDraftMode, lakeToken, request, requiredEnv, restoreDocument, until } from './preview-support'
import { PUBLISH_REACHES_READERS_MS } from './publish-bounds'
import { root } from './site-process'

const STORY_ID = 'article-erdogan-putin-moscow-talks'
const STORY_PATH = '/articles/turkey-erdogan-putin-to-meet-in-moscow-this-week-for-syria-talks'
const SECTION_PATH = '/sections/middle-east'
const marker = () => randomBytes(4).toString('hex')

const isPrivateNoStore = (headers: Headers) => /private/.test(headers.get('cache-control') ?? '') && /no-store/.test(headers.get('cache-control') ?? '')

describe('preview and publish on the built site', () => {
  const siteUrl = requiredEnv('BASE_URL')
  const client: SanityClient = editorClient(requiredEnv('LAKE_URL'), lakeToken())
  let original: SanityDocument
  let cookie = ''

  const publicPage = (pathname: string, headers: Record<string, string> = {}) => request(`${siteUrl}${pathname}`, headers)
  const previewPage = (pathname: string) => request(`${siteUrl}${pathname}`, { cookie })
  const saveDraft = (headline: string) => client.createOrReplace({ ...withoutSystemFields(original), _id: `drafts.${STORY_ID}`, headline }, { visibility: 'sync' })

  before(async () => {
    const found = await client.getDocument(STORY_ID)
    assert.ok(found, `the seed has ${STORY_ID}`)
    original = found
    for (const pathname of [STORY_PATH, '/', SECTION_PATH]) {
      const page = await publicPage(pathname)
      assert.equal(page.status, 200, pathname)
      assert.ok(page.text.includes(original.headline), `${pathname} shows the seed headline`)
    }
  })

  after(async () => {
    await restoreDocument(client, original)
    await until('readers to see the seed headline again', async () => (await publicPage(STORY_PATH)).text.includes(original.headline), 30_000, 200)
  })

  it('enable over HTTP: a good secret sets the draft-mode cookie and redirects on the site; others get 401', async () => {
    const secret = await createPreviewSecret(client, `${siteUrl}/studio`)
    const good = await enableDraftMode(siteUrl, secret, STORY_PATH)
    assert.equal(good.status, 307)
    assert.equal(new URL(good.location ?? '', siteUrl).toString(), `${siteUrl}${STORY_PATH}`)
    assert.match(good.cookie, /__prerender_bypass=/)
    cookie = good.cookie
    for (const attempt of ['//evil.example', 'https://evil.example', '/\\evil.example', '/.//evil.example']) {
      const answer = await enableDraftMode(siteUrl, secret, attempt)
      assert.equal(answer.status, 307, attempt)
      assert.equal(new URL(answer.location ?? '', siteUrl).origin, siteUrl, `${attempt} stays on the site`)
    }
    for (const wrong of ['wrong-secret-0123456789', '']) {
      const answer = await enableDraftMode(siteUrl, wrong, STORY_PATH)
      assert.equal(answer.status, 401, `secret ${JSON.stringify(wrong)}`)
      assert.equal(answer.cookie, '')
    }
    const missing = await request(`${siteUrl}/api/draft-mode/enable?sanity-preview-pathname=%2F`)
    assert.equal(missing.status, 401)
  })

  it('a saved draft reaches no reader; the preview shows it, private and uncached', async () => {
    const draftHeadline = `Draft headline ${marker()}`
    await saveDraft(draftHeadline)
    // Give a wrongly wired webhook time to do harm before looking.
    await new Promise((resolve) => setTimeout(resolve, 500))
    for (const pathname of [STORY_PATH, '/', SECTION_PATH]) {
      const page = await publicPage(pathname)
      assert.equal(page.status, 200, pathname)
      assert.ok(page.text.includes(original.headline), `${pathname} still shows the published headline`)
      assert.ok(!page.text.includes(draftHeadline), `${pathname} does not show the draft`)
    }
    // Next sends an RSC request without its cache-busting `_rsc` parameter to the URL with one.
    let rsc = await publicPage(STORY_PATH, { RSC: '1' })
    const rscLocation = rsc.headers.get('location')
    if (rsc.status === 307 && rscLocation?.startsWith(`${STORY_PATH}?`)) rsc = await publicPage(rscLocation, { RSC: '1' })
    assert.equal(rsc.status, 200, 'RSC payload status')
    assert.match(rsc.headers.get('content-type') ?? '', /text\/x-component/)
    assert.ok(rsc.text.includes(original.headline), 'the RSC payload carries the published headline')
    assert.ok(!rsc.text.includes(draftHeadline), 'the RSC payload does not carry the draft')

    const preview = await previewPage(STORY_PATH)
    assert.equal(preview.status, 200)
    assert.ok(preview.text.includes(draftHeadline), 'the preview shows the draft headline')
    assert.ok(preview.text.includes('Preview — draft content'), 'the preview banner is shown')
    assert.ok(isPrivateNoStore(preview.headers), `preview cache-control: ${preview.headers.get('cache-control')}`)
  })

  it('publishing reaches the public page through the webhook', async (t) => {
    const headline = `Published headline ${marker()}`
    await saveDraft(headline)
    const started = performance.now()
    await client.action({ actionType: 'sanity.action.document.publish', draftId: `drafts.${STORY_ID}`, publishedId: STORY_ID })
    await until('the public page to show the published headline', async () => (await publicPage(STORY_PATH)).text.includes(headline), PUBLISH_REACHES_READERS_MS)
    const elapsed = performance.now() - started
    t.diagnostic(`publish → public page: ${Math.round(elapsed)} ms`)
  })

  it('discarding a draft puts the preview back on the published version', async () => {
    const published = (await client.getDocument(STORY_ID))?.headline as string
    const draftHeadline = `Discarded headline ${marker()}`
    await saveDraft(draftHeadline)
    assert.ok((await previewPage(STORY_PATH)).text.includes(draftHeadline))
    await client.action({ actionType: 'sanity.action.document.discard', draftId: `drafts.${STORY_ID}` })
    const preview = await previewPage(STORY_PATH)
    assert.ok(!preview.text.includes(draftHeadline), 'the discarded draft is gone from the preview')
    assert.ok(preview.text.includes(published), 'the preview shows the published headline')
  })

  it('a draft that fails validation: the editor sees its problems by field, readers get a 404', async () => {
    const slug = `broken-draft-${marker()}`
    const id = `drafts.article-${slug}`
    await client.createOrReplace({ _id: id, _type: 'article', headline: 'A draft without a publish date', slug: { _type: 'slug', current: slug }, body: [] }, { visibility: 'sync' })
    try {
      const reader = await publicPage(`/articles/${slug}`)
      assert.equal(reader.status, 404)
      assert.ok(!reader.text.includes('This draft cannot be shown'), 'readers never see the problems')
      const preview = await previewPage(`/articles/${slug}`)
      assert.equal(preview.status, 200)
      assert.ok(preview.text.includes('This draft cannot be shown to readers'), 'the problems panel is shown')
      for (const field of ['publishedAt', 'section', 'body']) assert.ok(preview.text.includes(`>${field}</code>`), `the panel names ${field}`)
      assert.ok(isPrivateNoStore(preview.headers), `preview cache-control: ${preview.headers.get('cache-control')}`)
    } finally {
      await client.delete(id)
    }
  })

  it('leaving draft mode clears the cookie and returns to the page', async () => {
    const answer = await request(`${siteUrl}/api/draft-mode/disable?redirect=${encodeURIComponent(STORY_PATH)}`, { cookie })
    assert.equal(answer.status, 303)
    assert.equal(answer.headers.get('location'), STORY_PATH)
    assert.ok(answer.headers.getSetCookie().some((line) => /^__prerender_bypass=;/.test(line) && /expires=Thu, 01 Jan 1970/i.test(line)), 'the draft-mode cookie is cleared')
  })
})

/**
 * The outbox end to end: its own lake (seeded) whose webhook goes to its own `next start` of the
 * build on a fixed port; the site is stopped, a headline is published, the site starts again and
 * readers get the new headline without any other help (the page would otherwise keep its
 * one-hour revalidate).
 */
describe('publish while the site is down', () => {
  const OTHER_STORY_ID = 'article-turkey-idlib-military-operation'
  const OTHER_STORY_PATH = '/articles/turkey-full-military-operation-in-idlib'
  const secret = randomBytes(24).toString('base64url')
  const token = randomBytes(32).toString('base64url')
  let dataDir = ''
  let lake: Awaited<ReturnType<typeof startLakeServer>> | undefined
  let site: ReturnType<typeof startNodeChild> | undefined
  let port = 0
  let siteUrl = ''

  const startSite = async () => {
    const next = path.join(root, 'node_modules/next/dist/bin/next')
    site = startNodeChild('outbox-site', [next, 'start', '-p', String(port), '-H', '127.0.0.1'], {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: '1',
      LAKE_URL: lake?.url,
      LAKE_DATA_DIR: dataDir,
      SANITY_PROJECT_ID: '',
      SANITY_API_TOKEN: token,
      SANITY_WEBHOOK_SECRET: secret,
    })
    const child = site
    await waitForHttp(`${siteUrl}/`, 60_000, () => child.exitCode === null)
  }
  const stopSite = async () => {
    if (site) await stopChild(site, 10_000)
    site = undefined
  }
  const headlineOnPage = async () => (await request(`${siteUrl}${OTHER_STORY_PATH}`)).text

  before(async () => {
    port = await freePort()
    siteUrl = `http://127.0.0.1:${port}`
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'outbox-e2e-'))
    lake = await startLakeServer({ dataDir, port: 0, seedDir: path.join(root, 'content'), token, webhooks: { urls: [`${siteUrl}/api/revalidate`], secret }, log: () => undefined })
    await startSite()
  })

  after(async () => {
    // Put the story back and let this site re-render it, so the shared page cache holds the seed again.
    if (lake && site) {
      const client = editorClient(lake.url, token)
      const seed = (await client.getDocument(OTHER_STORY_ID)) as SanityDocument
      const seedHeadline = seedHeadlineOf(OTHER_STORY_ID)
      await client.createOrReplace({ ...withoutSystemFields(seed), headline: seedHeadline })
      await until('the seed headline back on the page', async () => (await headlineOnPage()).includes(seedHeadline), 60_000, 200)
    }
    await stopSite()
    await lake?.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  it('delivers the publish webhook once the site is back', async () => {
    const client = editorClient((lake as NonNullable<typeof lake>).url, token)
    assert.ok((await headlineOnPage()).includes(seedHeadlineOf(OTHER_STORY_ID)))
    await stopSite()
    const headline = `Published while down ${marker()}`
    await client.patch(OTHER_STORY_ID).set({ headline }).commit()
    await new Promise((resolve) => setTimeout(resolve, 1000))
    await startSite()
    await until('the headline published while the site was down', async () => (await headlineOnPage()).includes(headline), 45_000, 200)
  })
})

function withoutSystemFields(document: SanityDocument): Record<string, unknown> & { _id: string; _type: string } {
  const { _rev: _ignoredRev, _updatedAt: _ignoredUpdatedAt, _createdAt: _ignoredCreatedAt, ...rest } = document
  return rest
}

function seedHeadlineOf(id: string): string {
  const line = fs
    .readFileSync(path.join(root, 'content/data.ndjson'), 'utf8')
    .split('\n')
    .find((text) => text.includes(`"_id":"${id}"`))
  if (!line) throw new Error(`the seed has no ${id}`)
  return (JSON.parse(line) as { headline: string }).headline
}
