/**
 * `npm start -- --instances 2` with the Redis they share stopped (issue 18, row 2): the lake
 * delivers each publish webhook to every instance, so a publish still reaches both; the tag times
 * each instance could not write to Redis are kept on its disk and written as soon as Redis is
 * back. (browser-tests/multi-instance.test.ts covers the webhook to one instance only, through Redis.)
 * Plain HTTP on 127.0.0.1; every process stopped by its PID.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { createClient } from 'redis'
import { startLocalRedis, type LocalRedis } from '../lib/cache/redis-server'
import { readLakeToken } from '../lib/sanity/lake-token'
import { freePort } from '../scripts/site/ports'
import { startSiteInstances, stillAnswering, type SiteInstances } from '../bench/site-instances'
import { bodyWithoutScripts, get, mutate } from './site-process'

type Article = { _id: string; slug: string; headline: string }

/** Polls every page until it shows `text` (bounded); the pages still without it when time is up. */
async function stillWithout(pages: string[], text: string, deadlineMs: number): Promise<string[]> {
  const started = Date.now()
  const pending = new Set(pages)
  while (pending.size > 0 && Date.now() - started < deadlineMs) {
    for (const page of [...pending]) {
      const answer = await get(page)
      if (answer.status === 200 && bodyWithoutScripts(answer.text).includes(text)) pending.delete(page)
    }
    if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return [...pending]
}

describe('two instances while their Redis is down', () => {
  let redis: LocalRedis
  let site: SiteInstances
  let token: string
  let article: Article
  let pages: string[]

  async function sharedTagTime(tag: string): Promise<{ at: number } | null> {
    const client = createClient({ url: redis.url, socket: { connectTimeout: 2000, reconnectStrategy: false } })
    await client.connect()
    try {
      const raw = await client.hGet('next-cache:tags', tag)
      return raw ? JSON.parse(raw) : null
    } finally {
      client.destroy()
    }
  }

  before(async () => {
    redis = await startLocalRedis(await freePort())
    // As `npm start -- --instances 2` runs them: the webhook to every instance.
    site = await startSiteInstances(2, redis.url)
    token = readLakeToken(site.dataDir)!
    const response = await fetch(`${site.lakeUrl}/v2025-02-19/data/query/production?query=${encodeURIComponent('*[_type == "article"] | order(_id) [0]{_id, "slug": slug.current, headline}')}`)
    article = ((await response.json()) as { result: Article }).result
    pages = site.urls.map((url) => `${url}/articles/${article.slug}`)
    for (const page of pages) assert.equal((await get(page)).status, 200, page)
  })

  after(async () => {
    const urls = site ? [...site.urls, site.lakeUrl] : []
    await site?.stop()
    await redis?.stop()
    assert.deepEqual(await stillAnswering(urls), [], 'a site instance or the lake still answers after the runner stopped')
  })

  it('a publish reaches both instances, and Redis gets its tag times once it is back', { timeout: 120_000 }, async () => {
    await redis.stop()
    const publishedAt = Date.now()
    const headline = `While Redis Is Down ${randomBytes(4).toString('hex')}`
    await mutate(site.lakeUrl, token, [{ patch: { id: article._id, set: { headline } } }])
    assert.deepEqual(await stillWithout(pages, headline, 10_000), [], 'an instance never showed the publish while Redis was down')

    redis = await startLocalRedis(redis.port)
    // Each instance reconnects by itself (back-off at most 2 s) and writes what it kept pending.
    const deadline = Date.now() + 15_000
    let time = await sharedTagTime(`article:${article._id}`)
    while ((time === null || time.at < publishedAt) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200))
      time = await sharedTagTime(`article:${article._id}`)
    }
    assert.ok(time && time.at >= publishedAt, `Redis never got the publish made while it was down (${JSON.stringify(time)})`)
    for (const page of pages) assert.ok(bodyWithoutScripts((await get(page)).text).includes(headline), `${page} after Redis came back`)
  })
})
