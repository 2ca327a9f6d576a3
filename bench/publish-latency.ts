/**
 * Publish → public HTML latency: publishes `count` headline changes to one story through
 * `@sanity/client` (a draft, then the Actions API's publish, as the Studio does) and polls the
 * public article page until it shows each one; reports p50/p95 in ms. The story is put back as
 * it was afterwards. Path measured: lake commit → webhook outbox → /api/revalidate →
 * revalidateTag → the next request renders the page.
 *
 * Used by `npm run bench` (measurePublishLatency) and runnable alone:
 *   npx tsx bench/publish-latency.ts --site http://127.0.0.1:3000 --lake http://127.0.0.1:3030 --data-dir .lake [--count 20] [--slug …]
 */
import { randomBytes } from 'node:crypto'
import { createClient, type SanityDocument } from '@sanity/client'
import { readLakeToken } from '../lib/sanity/lake-token'
import { percentile } from './stats'

const DEFAULT_SLUG = 'turkey-erdogan-putin-to-meet-in-moscow-this-week-for-syria-talks'
const POLL_INTERVAL_MS = 20
const PER_PUBLISH_TIMEOUT_MS = 15_000

export interface PublishLatencyOptions {
  siteUrl: string
  /** More instances of the same site (behind one load balancer): a publish counts once every one shows it. */
  otherSiteUrls?: string[]
  lakeUrl: string
  /** The lake's (or project's) write token; read from `<dataDir>/token` when absent. */
  token?: string
  dataDir?: string
  /** Publishes to measure (default 20; 5 with `quick`). */
  count?: number
  quick?: boolean
  slug?: string
}

export interface PublishLatency {
  count: number
  p50Ms: number
  p95Ms: number
  maxMs: number
  samplesMs: number[]
}

export async function measurePublishLatency(opts: PublishLatencyOptions): Promise<PublishLatency> {
  const token = opts.token ?? (opts.dataDir ? readLakeToken(opts.dataDir) : undefined)
  if (!token) throw new Error('publish latency needs a token (--data-dir with the lake token, or token)')
  const count = opts.count ?? (opts.quick ? 5 : 20)
  const slug = opts.slug ?? DEFAULT_SLUG
  const pageUrls = [opts.siteUrl, ...(opts.otherSiteUrls ?? [])].map((site) => `${site.replace(/\/$/, '')}/articles/${slug}`)
  const client = createClient({ projectId: 'local', dataset: 'production', apiVersion: '2025-02-19', apiHost: opts.lakeUrl, useProjectHostname: false, useCdn: false, token, perspective: 'raw' })
  const original = await client.fetch<SanityDocument | null>('*[_type == "article" && slug.current == $slug && !(_id in path("drafts.**"))][0]', { slug })
  if (!original) throw new Error(`no published article with slug ${slug}`)
  const draftId = `drafts.${original._id}`
  const samplesMs: number[] = []
  try {
    for (let i = 0; i < count; i++) {
      const marker = `bench-${randomBytes(4).toString('hex')}`
      const headline = `${original.headline} (${marker})`
      await client.createOrReplace({ ...withoutSystemFields(original), _id: draftId, headline })
      const started = performance.now()
      await client.action({ actionType: 'sanity.action.document.publish', draftId, publishedId: original._id })
      samplesMs.push(Math.max(...(await Promise.all(pageUrls.map((url) => waitForPage(url, marker, started))))))
    }
  } finally {
    await client.transaction().createOrReplace(withoutSystemFields(original) as SanityDocument).delete(draftId).commit({ visibility: 'sync' })
    await Promise.all(pageUrls.map((url) => waitForPage(url, escapeHtml(original.headline), performance.now()).catch(() => undefined)))
  }
  return { count, p50Ms: percentile(samplesMs, 50), p95Ms: percentile(samplesMs, 95), maxMs: Math.max(...samplesMs), samplesMs }
}

/** Polls the public page until it contains `text`; ms since `started`. */
async function waitForPage(url: string, text: string, started: number): Promise<number> {
  for (;;) {
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) })
    const html = await response.text()
    if (response.ok && html.includes(text)) return performance.now() - started
    if (performance.now() - started > PER_PUBLISH_TIMEOUT_MS) throw new Error(`${url} did not show "${text}" within ${PER_PUBLISH_TIMEOUT_MS} ms`)
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS))
  }
}

function withoutSystemFields(document: SanityDocument): Record<string, unknown> & { _id: string; _type: string } {
  const { _rev: _ignoredRev, _updatedAt: _ignoredUpdatedAt, _createdAt: _ignoredCreatedAt, ...rest } = document
  return rest
}

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
}

function argument(args: string[], name: string): string | undefined {
  const index = args.indexOf(`--${name}`)
  return index >= 0 ? args[index + 1] : undefined
}

async function main(args: string[]) {
  const siteUrl = argument(args, 'site')
  const lakeUrl = argument(args, 'lake')
  if (!siteUrl || !lakeUrl) {
    console.error('usage: npx tsx bench/publish-latency.ts --site <url> --lake <url> (--data-dir <dir> | --token <token>) [--count N] [--slug S]')
    process.exit(2)
  }
  const count = argument(args, 'count')
  const result = await measurePublishLatency({ siteUrl, lakeUrl, token: argument(args, 'token'), dataDir: argument(args, 'data-dir'), count: count ? Number(count) : undefined, slug: argument(args, 'slug') })
  const goal = result.p50Ms <= 1000 && result.p95Ms <= 1500 ? 'meets' : 'MISSES'
  console.log(`publish → public HTML, ${result.count} publishes: p50 ${Math.round(result.p50Ms)} ms, p95 ${Math.round(result.p95Ms)} ms, max ${Math.round(result.maxMs)} ms (${goal} the goal of 1 s / 1.5 s)`)
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(`[publish-latency] ${error instanceof Error ? error.message : error}`)
    process.exitCode = 1
  })
}
