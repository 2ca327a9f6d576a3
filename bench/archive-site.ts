/**
 * The reader half of the archive benchmark (issue 19): the site built and served against an
 * imported archive, as a newsroom would deploy it. A copy of the project (tracked files, and
 * node_modules hard-linked) is built with `npm run build` against the archive's lake (build time);
 * then `npm start` serves it and:
 * - the sitemap index is read: its child files must each hold ≤ 50,000 URLs and together list
 *   every story of the archive;
 * - `crawl` stories never requested before are read, four at a time, as a crawler would: every
 *   one must answer 200, and the page cache's entries on disk must stay under PAGE_CACHE_MAX_MB
 *   (sampled every 1,000 pages); the first story read, long evicted by then, must render again.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DEFAULT_PAGE_CACHE_MAX_MB } from '../lib/cache/page-cache-limit'
import { MAX_SITEMAP_URLS_PER_FILE } from '../lib/sanity/settings'
import { cacheEntryBytes } from './cache-bytes'
import { buildAndStartSiteIn, root } from './processes'
import { seededRandom } from './seeded-random'

export interface ArchiveSiteResult {
  buildMs: number
  sitemapFiles: number
  largestSitemapUrls: number
  storiesInSitemaps: number
  crawled: number
  crawlMs: number
  failures: string[]
  capBytes: number
  largestCacheBytes: number
  /** Null when the crawl never filled the cache (nothing was evicted). */
  evictedRendersAgain: boolean | null
}

/** A copy of the project to build in: its files (tracked or not, unless ignored) copied, node_modules hard-linked (fast, no extra disk). */
function projectCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-archive-site-'))
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 }).split('\0').filter(Boolean)
  for (const file of files) {
    if (!fs.existsSync(path.join(root, file))) continue
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
    fs.copyFileSync(path.join(root, file), path.join(dir, file))
  }
  execFileSync('cp', ['-al', path.join(root, 'node_modules'), path.join(dir, 'node_modules')])
  return dir
}

async function text(url: string): Promise<{ status: number; body: string }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(60_000) })
  return { status: response.status, body: await response.text() }
}

const locsOf = (xml: string) => [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => new URL(match[1]).pathname)

export async function archiveSiteBenchmark(dataDir: string, size: number, crawl: number, log: (line: string) => void): Promise<ArchiveSiteResult> {
  const dir = projectCopy()
  try {
    log(`archive site: building a copy of the project against ${size} stories`)
    const { buildMs, site } = await buildAndStartSiteIn(dir, dataDir)
    try {
      return await readAndCrawl(site.url, dir, buildMs, size, crawl, log)
    } finally {
      await site.stop()
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** The sitemap index read, then the crawl (the site built and started). */
async function readAndCrawl(siteUrl: string, dir: string, buildMs: number, size: number, crawl: number, log: (line: string) => void): Promise<ArchiveSiteResult> {
  log(`archive site: built in ${(buildMs / 1000).toFixed(0)} s; reading the sitemap index`)
  const stories = new Set<string>()
  let largestSitemapUrls = 0
  const index = locsOf((await text(`${siteUrl}/sitemap.xml`)).body)
  for (const child of index) {
    const locs = locsOf((await text(`${siteUrl}${child}`)).body)
    largestSitemapUrls = Math.max(largestSitemapUrls, locs.length)
    for (const loc of locs) if (loc.startsWith('/articles/archive-')) stories.add(loc)
  }
  log(`archive site: crawling ${crawl} stories, 4 at a time`)
  const random = seededRandom(size + crawl)
  const order = Array.from({ length: size }, (_, i) => i)
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[order[i], order[j]] = [order[j], order[i]]
  }
  const targets = order.slice(0, Math.min(crawl, size)).map((i) => `/articles/archive-${i}`)
  const failures: string[] = []
  const nextDir = path.join(dir, '.next')
  let largestCacheBytes = cacheEntryBytes(nextDir)
  let next = 0
  const startedAt = performance.now()
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < targets.length) {
        const target = targets[next++]
        // A network error (a keep-alive connection closed as it was reused) is asked again once,
        // as crawlers do; an HTTP error is not.
        const read = () => text(`${siteUrl}${target}`).catch((error: Error) => ({ status: 0, body: `${error.message} ${String(error.cause ?? '')}` }))
        let answer = await read()
        if (answer.status === 0) {
          log(`archive site: ${target}: ${answer.body}; asked again`)
          answer = await read()
        }
        if (answer.status !== 200) failures.push(`${answer.status} ${target}${answer.status === 0 ? ` (${answer.body})` : ''}`)
        if (next % 1000 === 0) {
          largestCacheBytes = Math.max(largestCacheBytes, cacheEntryBytes(nextDir))
          log(`archive site: ${next} stories, page cache ${(largestCacheBytes / 2 ** 20).toFixed(0)} MB at most`)
        }
      }
    }),
  )
  const crawlMs = performance.now() - startedAt
  largestCacheBytes = Math.max(largestCacheBytes, cacheEntryBytes(nextDir))
  const again = await fetch(`${siteUrl}${targets[0]}`)
  const filled = largestCacheBytes > 0.8 * DEFAULT_PAGE_CACHE_MAX_MB * 2 ** 20
  const evictedRendersAgain = filled ? again.status === 200 && again.headers.get('x-nextjs-cache') === 'MISS' : null
  await again.arrayBuffer()
  return {
    buildMs,
    sitemapFiles: index.length,
    largestSitemapUrls,
    storiesInSitemaps: stories.size,
    crawled: targets.length,
    crawlMs,
    failures,
    capBytes: DEFAULT_PAGE_CACHE_MAX_MB * 2 ** 20,
    largestCacheBytes,
    evictedRendersAgain,
  }
}

/** Rows for the benchmark's table (measure, value, p50, p95, goal). */
export function archiveSiteRows(result: ArchiveSiteResult, size: number): string[][] {
  const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`
  const met = (ok: boolean) => (ok ? 'met' : 'MISSED')
  return [
    [`  site build against the archive`, `${(result.buildMs / 1000).toFixed(0)} s`, '', '', ''],
    [`  sitemap index: child files / largest`, `${result.sitemapFiles} / ${result.largestSitemapUrls} URLs`, '', '', `<= ${MAX_SITEMAP_URLS_PER_FILE} ${met(result.largestSitemapUrls <= MAX_SITEMAP_URLS_PER_FILE)}`],
    [`  stories listed in the sitemaps`, `${result.storiesInSitemaps} of ${size}`, '', '', met(result.storiesInSitemaps === size)],
    [`  crawl of never-read stories`, `${result.crawled} in ${(result.crawlMs / 1000).toFixed(0)} s`, '', '', `${result.failures.length} not 200 ${met(result.failures.length === 0)}`],
    [`  page cache on disk during the crawl (at most)`, mb(result.largestCacheBytes), '', '', `<= ${mb(result.capBytes)} ${met(result.largestCacheBytes <= result.capBytes)}`],
    [`  the first story read, evicted, renders again`, result.evictedRendersAgain === null ? 'not evicted' : result.evictedRendersAgain ? 'yes' : 'NO', '', '', result.evictedRendersAgain === null ? '' : met(result.evictedRendersAgain)],
  ]
}
