/**
 * Load on the article while it is published again every second: autocannon at `connections` for
 * `durationSec` on the article URL while a writer changes its headline through the lake (the
 * lake's publish webhook revalidates the page). Afterwards the page must show the last headline;
 * then the story is put back as it was.
 * Used by `npm run bench` (30 s) and browser-tests/outages.test.ts (about 10 s).
 */
import { loadTest, type LoadResult } from './http-load'

export interface PublishUnderLoad {
  load: LoadResult
  publishes: number
  publishFailures: string[]
  lastHeadline: string
  /** Time from the end of the load until the page showed the last headline; null if it never did. */
  lastShownAfterMs: number | null
}

export interface PublishUnderLoadOptions {
  siteUrl: string
  lakeUrl: string
  token: string
  slug: string
  durationSec: number
  connections?: number
}

async function lake(lakeUrl: string, token: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${lakeUrl}/v2025-02-19/data/${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(15_000),
  })
  if (!response.ok) throw new Error(`lake ${path.split('?')[0]}: ${response.status} ${await response.text()}`)
  return response.json()
}

export async function publishUnderLoad(opts: PublishUnderLoadOptions): Promise<PublishUnderLoad> {
  const query = encodeURIComponent('*[_type == "article" && slug.current == $slug && !(_id in path("drafts.**"))][0]{_id, headline}')
  const { result } = await lake(opts.lakeUrl, opts.token, `query/production?query=${query}&$slug=${encodeURIComponent(JSON.stringify(opts.slug))}`)
  if (!result?._id) throw new Error(`no published article with slug ${opts.slug}`)
  const articleUrl = `${opts.siteUrl}/articles/${opts.slug}`
  const base = String(result.headline).replace(/ \(update \d+\)$/, '')
  let publishes = 0
  let lastHeadline = String(result.headline)
  const publishFailures: string[] = []
  let loading = true
  const writer = (async () => {
    while (loading) {
      const headline = `${base} (update ${publishes + 1})`
      try {
        await lake(opts.lakeUrl, opts.token, 'mutate/production?visibility=sync', { mutations: [{ patch: { id: result._id, set: { headline } } }] })
        publishes += 1
        lastHeadline = headline
      } catch (error) {
        publishFailures.push(error instanceof Error ? error.message : String(error))
      }
      await new Promise((resolve) => setTimeout(resolve, 1000))
    }
  })()
  let load: LoadResult
  try {
    load = await loadTest(articleUrl, { connections: opts.connections ?? 100, durationSec: opts.durationSec })
  } finally {
    loading = false
    await writer
  }
  const ended = Date.now()
  let lastShownAfterMs: number | null = null
  const escaped = lastHeadline.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  while (Date.now() - ended < 20_000) {
    const html = await fetch(articleUrl, { signal: AbortSignal.timeout(10_000) }).then((r) => r.text(), () => '')
    if (html.includes(escaped)) {
      lastShownAfterMs = Date.now() - ended
      break
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  // Put the story back (and wait until the page shows it), so the build's cached page is the seed's again.
  await lake(opts.lakeUrl, opts.token, 'mutate/production?visibility=sync', { mutations: [{ patch: { id: result._id, set: { headline: result.headline } } }] })
  const original = String(result.headline).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  const restoreDeadline = Date.now() + 20_000
  while (Date.now() < restoreDeadline) {
    const html = await fetch(articleUrl, { signal: AbortSignal.timeout(10_000) }).then((r) => r.text(), () => '')
    if (html.includes(original) && !html.includes(escaped)) break
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  return { load, publishes, publishFailures, lastHeadline, lastShownAfterMs }
}
