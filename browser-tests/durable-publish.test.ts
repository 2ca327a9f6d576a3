/**
 * A publish is durable end to end (issue 18, row 2), on a private copy of the built site with its
 * own lake: a story is listed on its section page, `/feed.xml`, `/sitemap.xml` and
 * `/news-sitemap.xml`; it is deleted; the moment its webhook has landed (the lake's outbox is
 * empty: the site answered 200) the site is killed with SIGKILL, then started again on the same
 * `.next/` — and the story is gone from its page and from every list, as it would have been
 * without the restart (before, the lists served their cached copy with the story for an hour).
 * And a signed delivery the site accepted is a duplicate after a restart, graceful or not, while a
 * new delivery still revalidates. Plain HTTP on 127.0.0.1; every process stopped by its PID.
 */
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { encodeSignatureHeader, SIGNATURE_HEADER_NAME } from '@sanity/webhook'
import Database from 'better-sqlite3'
import { articleSitemapPath } from '../lib/content/sitemap-files'
import { readOrCreateLakeToken, readOrCreateWebhookSecret } from '../lib/sanity/lake-token'
import { freePort } from '../scripts/site/ports'
import { stopChild, waitForHttp } from '../scripts/site/processes'
import { prepareIsolatedBuild, type IsolatedBuild } from './isolated-site'
import { get, mutate, root, type LoggedSite } from './site-process'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
/** The lists a new story shows in: its section, the feed, and the sitemaps (this year's child sitemap of the index). */
const LISTS = ['/sections/middle-east', '/feed.xml', articleSitemapPath(new Date().getUTCFullYear(), 1), '/news-sitemap.xml']

describe('a publish survives a kill -9 of the site a moment after its webhook', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-publish-lake-'))
  const token = readOrCreateLakeToken(dataDir).token
  const secret = readOrCreateWebhookSecret(dataDir)
  const suffix = randomBytes(4).toString('hex')
  const story = { id: `article-durable-${suffix}`, slug: `durable-delete-${suffix}`, headline: `Durable Delete ${suffix}` }
  let build: IsolatedBuild
  let site: LoggedSite
  let lake: ChildProcess | undefined
  let sitePort: number
  let lakeUrl: string
  const siteEnv = () => ({ LAKE_URL: lakeUrl, LAKE_DATA_DIR: dataDir, SANITY_PROJECT_ID: '', SANITY_WEBHOOK_SECRET: secret })

  /** True when `route` (a page or a feed) names the story. */
  const lists = async (route: string) => {
    const answer = await get(`${site.url}${route}`)
    return answer.text.includes(story.slug)
  }

  /** Deliveries the lake has not had a 2xx for yet. */
  const undelivered = () => {
    const db = new Database(path.join(dataDir, 'lake.sqlite'), { readonly: true, fileMustExist: true })
    try {
      return (db.prepare('SELECT COUNT(*) AS n FROM webhook_outbox').get() as { n: number }).n
    } finally {
      db.close()
    }
  }

  before(async () => {
    sitePort = await freePort()
    const lakePort = await freePort()
    lakeUrl = `http://127.0.0.1:${lakePort}`
    build = prepareIsolatedBuild()
    site = await build.start(siteEnv(), sitePort)
    const env = { ...process.env, LAKE_PORT: String(lakePort), LAKE_DATA_DIR: dataDir, SANITY_API_TOKEN: token, SANITY_PROJECT_ID: '', SANITY_WEBHOOK_SECRET: secret, LAKE_WEBHOOK_URLS: `${site.url}/api/revalidate` }
    lake = spawn(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(root, 'scripts/lake.ts')], { cwd: root, env, stdio: 'ignore' })
    await waitForHttp(`${lakeUrl}/health`, 60_000, () => lake?.exitCode === null)
  })

  after(async () => {
    if (lake) await stopChild(lake, 10_000)
    await site?.stop()
    build?.remove()
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  it('a deleted story is gone from its page, its section page, the feed and the sitemaps after the restart', { timeout: 180_000 }, async () => {
    await mutate(lakeUrl, token, [{
      createOrReplace: {
        _id: story.id,
        _type: 'article',
        headline: story.headline,
        slug: { _type: 'slug', current: story.slug },
        section: { _type: 'reference', _ref: 'section-middle-east' },
        publishedAt: new Date().toISOString(),
        body: [{ _type: 'block', _key: 'p1', style: 'normal', markDefs: [], children: [{ _type: 'span', _key: 's1', text: 'Text.', marks: [] }] }],
      },
    }])
    // Its publish webhook lands; each list goes stale and renders again with the story: cached so.
    const deadline = Date.now() + 60_000
    for (const route of [`/articles/${story.slug}`, ...LISTS]) {
      while (!(await lists(route))) {
        assert.ok(Date.now() < deadline, `${route} never listed the new story`)
        await sleep(300)
      }
    }
    await sleep(1000) // the re-rendered pages are written to .next/ (what a restart serves from)

    await mutate(lakeUrl, token, [{ delete: { id: story.id } }])
    while (undelivered() > 0) {
      assert.ok(Date.now() < deadline + 30_000, 'the delete webhook was never delivered')
      await sleep(10)
    }
    // The site answered the webhook 200: killed at once, nothing flushed or closed.
    await site.kill()
    site = await build.start(siteEnv(), sitePort)

    assert.equal((await get(`${site.url}/articles/${story.slug}`)).status, 404, 'the deleted story still has a page')
    // Lists went stale with the delete (as without a restart): the first request may still be
    // answered from the cache while the list renders again; within seconds every list is without it.
    for (const route of LISTS) {
      const gone = Date.now() + 15_000
      let requests = 0
      while (await lists(route)) {
        requests++
        assert.ok(Date.now() < gone, `${route} still lists the deleted story ${requests} requests after the restart`)
        await sleep(250)
      }
      console.log(`[durable-publish] ${route}: without the deleted story after ${requests} stale answer(s)`)
    }
  })

  it('answers a delivery it accepted before a restart (graceful or kill -9) as a duplicate; a new one revalidates', { timeout: 120_000 }, async () => {
    const body = JSON.stringify({ _id: `article-replay-${suffix}`, _type: 'article', slug: `replay-${suffix}`, operation: 'update' })
    const deliver = async (signature: string) => {
      const response = await fetch(`${site.url}/api/revalidate`, { method: 'POST', headers: { 'content-type': 'application/json', [SIGNATURE_HEADER_NAME]: signature }, body, signal: AbortSignal.timeout(15_000) })
      return { status: response.status, body: (await response.json()) as { revalidated: string[]; duplicate?: boolean } }
    }
    const signature = await encodeSignatureHeader(body, Date.now(), secret)
    const first = await deliver(signature)
    assert.equal(first.status, 200)
    assert.ok(first.body.revalidated.includes(`article-slug:replay-${suffix}`), JSON.stringify(first.body))

    for (const restart of [() => site.stop(), () => site.kill()]) {
      await restart()
      site = await build.start(siteEnv(), sitePort)
      assert.deepEqual(await deliver(signature), { status: 200, body: { revalidated: [], duplicate: true } })
    }
    const fresh = await deliver(await encodeSignatureHeader(body, Date.now() + 1, secret))
    assert.ok(fresh.body.revalidated.includes(`article-slug:replay-${suffix}`), JSON.stringify(fresh.body))
  })
})
