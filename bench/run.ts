/**
 * `npm run bench`: builds and starts the site (with its lake) and the bare Next.js baseline
 * (bench/baseline, fed the site's built article markup), measures both in one run on 127.0.0.1,
 * prints one table and writes bench/results/latest.json. `--quick`: a short smoke run for CI that
 * fails on errors (non-2xx, failed publishes, unexpected hostile answers), never on speed.
 * `--reuse-build`: a full run on the existing build when it matches the seed.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { readLakeToken } from '../lib/sanity/lake-token'
import { buildMismatch } from '../scripts/site/build-stamp'
import { archiveBenchmark, archiveProblems, archiveQueryRows, archiveRows, measureArchiveLake } from './archive'
import { archiveSiteBenchmark, archiveSiteRows, type ArchiveSiteResult } from './archive-site'
import { draftModeCookie } from './draft-mode'
import { hostileLoad, SEARCH_STORIES } from './hostile-load'
import { loadTest, type LoadResult } from './http-load'
import { lakeLatency } from './lake-http'
import { measureInstances, type InstancesResult } from './instances'
import { startBaselinePages } from './baseline-pages'
import { pageBytes, sharedChunkPaths, splitChunks } from './page-bytes'
import { baselineDir, buildSite, resultsDir, root, startSite, stopAll } from './processes'
import { measurePublishLatency, type PublishLatency } from './publish-latency'
import { publishUnderLoad } from './publish-under-load'
import { searchFlood } from './search-flood'
import { formatTable, kb, ms, ratio } from './stats'
import { measureThroughVarnish, varnishRows, varnishUnavailable, type VarnishFigures } from './varnish'
import { syntheticMutations } from './synthetic-stories'

/**
 * Draft mode renders every request: at c=100 on two cores requests queue past autocannon's 10 s
 * timeout (counted as errors); 10 connections measure the same throughput without timeouts.
 */
const DRAFT_CONNECTIONS = 10
const ARTICLE = '/articles/turkey-erdogan-putin-to-meet-in-moscow-this-week-for-syria-talks'
const quick = process.argv.includes('--quick')
const reuseBuild = process.argv.includes('--reuse-build')
/** `--archive N`: only the archive benchmark, at N stories (`--archive-lake DIR`: its queries on an archive imported there). */
const archiveArg = process.argv.indexOf('--archive')
const archiveOnly = archiveArg >= 0 ? Number(process.argv[archiveArg + 1]) : null
const config = quick
  ? { durationSec: 3, warmupSec: 1, connections: 50, lakeSizes: [1_000], lakeSamples: 60, hostileMs: 8_000, publishSec: 5, archiveSize: 2_000, archiveSamples: 20 }
  : { durationSec: 15, warmupSec: 3, connections: 100, lakeSizes: [1_000, 10_000, 100_000], lakeSamples: 300, hostileMs: 20_000, publishSec: 30, archiveSize: 10_000, archiveSamples: 100 }
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`)
const problems: string[] = []

function checkLoad(name: string, result: LoadResult): LoadResult {
  if (result.errors || result.non2xx) problems.push(`${name}: ${result.errors} errors, ${result.non2xx} non-2xx of ${result.requests}`)
  return result
}

type Measured<T> = { measured: true; value: T } | { measured: false; reason: string }

/** A figure from another module; a failure (e.g. no redis-server) is reported in the table as "not measured". */
async function measured<T>(run: () => Promise<T>): Promise<Measured<T>> {
  try {
    return { measured: true, value: await run() }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    problems.push(`not measured: ${reason}`)
    return { measured: false, reason: reason.slice(0, 80) }
  }
}

const machine = `${os.cpus().length}× ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}, ${os.platform()} ${os.release()}`

/**
 * `npm run bench -- --archive N`: the archive benchmark alone (issue 19): import, the lake's
 * queries, then the site built and crawled against it (`--no-site`: not); its table and
 * results/archive-N.json. `--archive-lake DIR`: the same on an archive already imported in DIR.
 */
async function archiveMain(size: number): Promise<void> {
  if (!Number.isInteger(size) || size < 1) throw new Error('--archive takes a number of stories, e.g. --archive 100000')
  fs.mkdirSync(resultsDir, { recursive: true })
  const samples = size >= 50_000 ? 200 : 100
  const crawl = Math.min(size, 20_000)
  let site: ArchiveSiteResult | null = null
  const siteOn = process.argv.includes('--no-site') ? undefined : async (dataDir: string) => void (site = await archiveSiteBenchmark(dataDir, size, crawl, log))
  const lakeArg = process.argv.indexOf('--archive-lake')
  const header = [['measure', 'value', 'p50', 'p95', 'goal']]
  let rows: string[][]
  let result: unknown
  let found: string[] = []
  if (lakeArg >= 0) {
    const dataDir = path.resolve(process.argv[lakeArg + 1] ?? '')
    const measured = await measureArchiveLake(dataDir, size, samples, log)
    await siteOn?.(dataDir)
    rows = [...header, ...archiveQueryRows(measured)]
    result = measured
  } else {
    const archive = await archiveBenchmark(size, samples, log, siteOn)
    rows = archiveRows(archive)
    result = archive
    found = archiveProblems(archive)
  }
  const measuredSite = site as ArchiveSiteResult | null
  if (measuredSite) {
    rows.push(...archiveSiteRows(measuredSite, size))
    found.push(...measuredSite.failures.slice(0, 5).map((failure) => `archive site: ${failure}`))
  }
  const table = formatTable(rows)
  console.log(`\nArchive benchmark: ${machine}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}\n`)
  console.log(table)
  fs.writeFileSync(path.join(resultsDir, `archive-${size}.json`), `${JSON.stringify({ when: new Date().toISOString(), machine, result, site: measuredSite, table }, null, 2)}\n`)
  if (found.length) {
    console.error(`\n[bench] errors:\n- ${found.join('\n- ')}`)
    process.exitCode = 1
  }
}

async function main() {
  if (archiveOnly !== null) return archiveMain(archiveOnly)
  const started = Date.now()
  fs.mkdirSync(resultsDir, { recursive: true })
  for (const file of fs.readdirSync(resultsDir)) if (file.endsWith('.log')) fs.rmSync(path.join(resultsDir, file))
  const mismatch = buildMismatch(root, path.join(root, 'content'))
  // Full runs build unless told to reuse a build that matches the seed; --quick reuses a matching build.
  if (mismatch || (!quick && !reuseBuild)) {
    log(`building the site (${mismatch ?? 'full run: always'})`)
    await buildSite()
  }
  // Varnish in front for the whole run when it is installed: every publish below purges it.
  const noVarnish = varnishUnavailable()
  if (noVarnish) log(noVarnish)
  const site = await startSite({ varnish: noVarnish === null })
  const token = readLakeToken(site.dataDir)
  if (!token) throw new Error('the site lake has no token')
  log(`site on ${site.url}, lake on ${site.lakeUrl}${site.cacheUrl ? `, Varnish in front on ${site.cacheUrl}` : ''}`)

  const articleHtml = await (await fetch(`${site.url}${ARTICLE}`)).text()
  const { baseline, bytes: responseBytes } = await startBaselinePages(articleHtml, log)

  const load = (name: string, url: string, headers?: Record<string, string>, connections = config.connections) => {
    log(`load: ${name}`)
    return loadTest(url, { connections, durationSec: config.durationSec, warmupSec: config.warmupSec, headers }).then((r) => checkLoad(name, r))
  }
  const article = await load('article', `${site.url}${ARTICLE}`)
  const baseArticle = await load('baseline article body', `${baseline.url}/`)
  const home = await load('home', `${site.url}/`)
  const baseStory = await load('baseline story text', `${baseline.url}/story`)
  const baseSameSize = await load('baseline at the article size', `${baseline.url}/same-size`)
  const baseDynamic = await load('baseline at the article size, dynamic route', `${baseline.url}/stories/the-story`)

  log('through Varnish')
  const throughVarnish = site.cacheUrl
    ? await measured<VarnishFigures>(() => measureThroughVarnish({ cacheUrl: site.cacheUrl!, baselineUrl: baseline.url, lakeUrl: site.lakeUrl, token, article: ARTICLE, quick, load }))
    : { measured: false as const, reason: noVarnish ?? 'Varnish not started' }

  log('bytes')
  const ours = await pageBytes(site.url, ARTICLE)
  const bare = await pageBytes(baseline.url, '/')
  const oursSplit = splitChunks(ours, sharedChunkPaths(path.join(root, '.next')))
  const bareSplit = splitChunks(bare, sharedChunkPaths(path.join(baselineDir, '.next')))

  log('draft mode')
  const cookie = await draftModeCookie(site.url, site.lakeUrl, token, ARTICLE)
  const draft = await load('article in draft mode', `${site.url}${ARTICLE}`, { cookie }, DRAFT_CONNECTIONS)

  log('publish latency and two instances (other modules, when present)')
  const publishLatency = await measured<PublishLatency>(() => measurePublishLatency({ siteUrl: site.url, lakeUrl: site.lakeUrl, token, quick }))
  const instances = await measured<InstancesResult>(() => measureInstances({ path: ARTICLE, durationSec: config.durationSec, warmupSec: config.warmupSec, connections: config.connections, publishes: quick ? 5 : 20 }))

  log(`publish every second under load (${config.publishSec} s)`)
  const publishing = await publishUnderLoad({ siteUrl: site.url, lakeUrl: site.lakeUrl, token, slug: ARTICLE.split('/').pop()!, durationSec: config.publishSec, connections: config.connections })
  checkLoad('article while publishing', publishing.load)
  if (publishing.publishFailures.length) problems.push(`publishes failed: ${publishing.publishFailures.slice(0, 3).join('; ')}`)
  if (publishing.lastShownAfterMs === null) problems.push(`the article never showed the last publish "${publishing.lastHeadline}"`)
  log(`search flood against the site (${SEARCH_STORIES} synthetic stories added to its lake)`)
  const stories = syntheticMutations(SEARCH_STORIES)
  for (let i = 0; i < stories.length; i += 250) {
    const res = await fetch(`${site.lakeUrl}/v2025-02-19/data/mutate/production`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ mutations: stories.slice(i, i + 250) }) })
    if (res.status !== 200) throw new Error(`seeding the search stories: ${res.status}`)
  }
  const flood = await searchFlood({ siteUrl: site.url, path: ARTICLE, durationSec: quick ? 4 : 15 })
  if (flood.underFlood.failures) problems.push(`search flood: ${flood.underFlood.failures} article requests failed`)
  await baseline.stop()
  await site.stop()

  log('lake through HTTP')
  const lake = await lakeLatency(config.lakeSizes, config.lakeSamples, log)
  log(`hostile load (${config.hostileMs / 1000} s)`)
  const hostile = await hostileLoad(config.hostileMs)
  if (hostile.normalFailures.length) problems.push(`hostile load: normal client failures ${hostile.normalFailures.slice(0, 3).join('; ')}`)
  if (hostile.hostileUnexpected.length) problems.push(`hostile load: unexpected answers ${JSON.stringify(hostile.hostileUnexpected.slice(0, 3))}`)
  log(`archive of ${config.archiveSize} stories`)
  const archive = await archiveBenchmark(config.archiveSize, config.archiveSamples, log)
  problems.push(...archiveProblems(archive))

  const reqRatio = (r: LoadResult) => r.reqPerSec / baseArticle.reqPerSec
  const goal = (ok: boolean) => (ok ? 'met' : 'MISSED')
  const rows: string[][] = [['measure', 'value', 'p50', 'p99', 'vs baseline', 'goal']]
  rows.push(['article req/s', article.reqPerSec.toFixed(0), ms(article.p50Ms), ms(article.p99Ms), ratio(reqRatio(article)), `>= 0.95× ${goal(reqRatio(article) >= 0.95)}`])
  rows.push(['home req/s', home.reqPerSec.toFixed(0), ms(home.p50Ms), ms(home.p99Ms), ratio(reqRatio(home)), `>= 0.95× ${goal(reqRatio(home) >= 0.95)}`])
  rows.push(['baseline article body req/s', baseArticle.reqPerSec.toFixed(0), ms(baseArticle.p50Ms), ms(baseArticle.p99Ms), '1.00×', ''])
  rows.push(['baseline story text req/s', baseStory.reqPerSec.toFixed(0), ms(baseStory.p50Ms), ms(baseStory.p99Ms), ratio(baseStory.reqPerSec / baseArticle.reqPerSec), ''])
  rows.push(['baseline at the article size req/s', baseSameSize.reqPerSec.toFixed(0), ms(baseSameSize.p50Ms), ms(baseSameSize.p99Ms), ratio(baseSameSize.reqPerSec / baseArticle.reqPerSec), ''])
  rows.push(['baseline at the article size, [slug] route req/s', baseDynamic.reqPerSec.toFixed(0), ms(baseDynamic.p50Ms), ms(baseDynamic.p99Ms), ratio(baseDynamic.reqPerSec / baseArticle.reqPerSec), ''])
  rows.push(['  article vs baseline at equal bytes, same route kind', '', '', '', ratio(article.reqPerSec / baseDynamic.reqPerSec), 'our overhead'])
  rows.push(['  response bytes: article / body / same-size', `${kb(responseBytes.ours)} / ${kb(responseBytes.body)} / ${kb(responseBytes.sameSize)}`, '', '', ratio(responseBytes.ours / responseBytes.body), 'uncompressed'])
  if (instances.measured) {
    const { single, two, errors, publishToBoth } = instances.value
    rows.push(['article req/s, one instance (fs cache)', single.reqPerSec.toFixed(0), '', ms(single.p99Ms), '', ''])
    rows.push(['article req/s, two instances (Redis)', two.reqPerSec.toFixed(0), '', ms(two.p99Ms), ratio(two.reqPerSec / single.reqPerSec), 'vs one instance'])
    const { p50Ms, p95Ms, count } = publishToBoth
    rows.push([`publish → both instances (${count}, webhook to one)`, '', ms(p50Ms), `p95 ${ms(p95Ms)}`, '', `<= 1 s / 1.5 s ${goal(p50Ms <= 1000 && p95Ms <= 1500)}`])
    if (errors) problems.push(`two instances: ${errors} errors or non-2xx`)
  } else rows.push(['article req/s, two instances', 'not measured', '', '', '', instances.reason])
  if (throughVarnish.measured) rows.push(...varnishRows(throughVarnish.value, baseArticle))
  else rows.push(...varnishRows({ skipped: throughVarnish.reason }, baseArticle))
  const jsRatio = ours.jsGzip / bare.jsGzip
  rows.push(['article client JS (gzip)', kb(ours.jsGzip), '', '', ratio(jsRatio), `<= 1.03× ${goal(jsRatio <= 1.03)}`])
  rows.push(['baseline client JS (gzip)', kb(bare.jsGzip), '', '', '1.00×', ''])
  rows.push(['  framework shared chunks, ours / baseline', `${kb(oursSplit.sharedGzip)} / ${kb(bareSplit.sharedGzip)}`, '', '', ratio(oursSplit.sharedGzip / bareSplit.sharedGzip), ''])
  rows.push(['  page chunks, ours / baseline', `${kb(oursSplit.ownGzip)} / ${kb(bareSplit.ownGzip)}`, '', '', '', `+${kb(oursSplit.ownGzip - bareSplit.ownGzip)}`])
  for (const chunk of oursSplit.own) rows.push([`    page chunk ${chunk.path.split('/').pop()}`, kb(chunk.gzipBytes), '', '', '', ''])
  rows.push(['  inline scripts, ours / baseline', `${kb(ours.inlineScriptGzip)} / ${kb(bare.inlineScriptGzip)}`, '', '', '', ''])
  rows.push(['article HTML + CSS (gzip)', `${kb(ours.htmlGzip)} + ${kb(ours.cssGzip)}`, '', '', ratio(ours.htmlGzip / bare.htmlGzip), 'HTML vs baseline'])
  rows.push([`draft-mode article req/s (c=${DRAFT_CONNECTIONS})`, draft.reqPerSec.toFixed(0), ms(draft.p50Ms), ms(draft.p99Ms), '', `>= 200 ${goal(draft.reqPerSec >= 200)}`])
  if (publishLatency.measured) {
    const { p50Ms, p95Ms, count } = publishLatency.value
    rows.push([`publish → public HTML (${count})`, '', ms(p50Ms), `p95 ${ms(p95Ms)}`, '', `<= 1 s / 1.5 s ${goal(p50Ms <= 1000 && p95Ms <= 1500)}`])
  } else rows.push(['publish → public HTML', 'not measured', '', '', '', publishLatency.reason])
  rows.push([`article, ${publishing.publishes} publishes in ${config.publishSec} s`, publishing.load.reqPerSec.toFixed(0), ms(publishing.load.p50Ms), ms(publishing.load.p99Ms), `${publishing.load.non2xx + publishing.load.errors} bad`, `last publish shown ${publishing.lastShownAfterMs === null ? 'NEVER' : `after ${publishing.lastShownAfterMs} ms`}`])
  const floodSearches = Object.entries(flood.searches).map(([status, n]) => `${n}× ${status}`).join(', ')
  rows.push([`article, one reader alone (${flood.alone.requests})`, '', ms(flood.alone.p50Ms), `p95 ${ms(flood.alone.p95Ms)}`, '', ''])
  const floodRatio = flood.underFlood.p95Ms / Math.max(flood.alone.p95Ms, 1)
  rows.push([`  … while 12 clients flood /search (${flood.underFlood.requests})`, floodSearches, ms(flood.underFlood.p50Ms), `p95 ${ms(flood.underFlood.p95Ms)}`, ratio(floodRatio), `p95 <= 50 ms ${goal(flood.underFlood.p95Ms <= 50)}`])
  for (const row of lake) {
    const ok = row.underExpensive.p99Ms <= 50
    rows.push([`lake ${row.docs} docs, ${row.query}`, '', ms(row.alone.p50Ms), ms(row.alone.p99Ms), '', ''])
    rows.push([`  … while an expensive query runs`, '', ms(row.underExpensive.p50Ms), ms(row.underExpensive.p99Ms), '', `p99 <= 50 ms ${goal(ok)}`])
  }
  rows.push([`hostile load ${hostile.durationMs / 1000} s, ${hostile.attackersPerKind} attackers of each kind: normal by-slug query`, `${hostile.normalQueries}`, ms(hostile.queryP50Ms), ms(hostile.queryP99Ms), `p95 ${ms(hostile.queryP95Ms)}`, `p95 <= 50 ms ${goal(hostile.queryP95Ms <= 50)}`])
  rows.push([`hostile load: cached image`, `${hostile.images}`, '', ms(hostile.imageP99Ms), '', `p99 <= 500 ms ${goal(hostile.imageP99Ms <= 500)}`])
  rows.push([`hostile load: first render of a published image`, `${hostile.firstRenders}`, ms(hostile.firstRenderP50Ms), '', `p95 ${ms(hostile.firstRenderP95Ms)}`, `p95 <= 1 s ${goal(hostile.firstRenderP95Ms <= 1000)}`])
  const searches = hostile.hostileAnswers['search flood'] ?? {}
  const searchTotal = Object.values(searches).reduce((sum, n) => sum + n, 0)
  rows.push([`hostile load: search flood (${SEARCH_STORIES} stories), answered / refused`, `${searches['200'] ?? 0} / ${searchTotal - (searches['200'] ?? 0)}`, '', '', '', 'by-slug p95 above is the goal'])
  rows.push([`hostile load: editor stream events`, `${hostile.editorEvents} of ${hostile.editorWrites}`, '', '', '', `all, no channelError ${goal(hostile.editorEvents >= hostile.editorWrites)}`])

  const table = `${formatTable(rows)}\n\n${formatTable(archiveRows(archive))}`
  console.log(`\n${quick ? 'QUICK (smoke) run, not for the README' : 'Full run'}: ${machine}; autocannon c=${config.connections}, ${config.durationSec} s per page\n`)
  console.log(table)
  const result = { when: new Date().toISOString(), quick, machine, config, archive, article, home, searchFlood: flood, baseArticle, baseStory, baseSameSize, baseDynamic, responseBytes, instances, throughVarnish, bytes: { ours, baseline: bare, oursSplit, baselineSplit: bareSplit }, draft, publishLatency, publishing, lake, hostile, problems, table, tookSec: Math.round((Date.now() - started) / 1000) }
  fs.writeFileSync(path.join(resultsDir, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`)
  if (problems.length) {
    console.error(`\n[bench] errors:\n- ${problems.join('\n- ')}`)
    process.exitCode = 1
  }
}

process.on('SIGINT', () => void stopAll().then(() => process.exit(130)))
main()
  .catch((error) => {
    console.error(`[bench] ${error instanceof Error ? (error.stack ?? error.message) : error}`)
    process.exitCode = 1
  })
  .finally(() => stopAll())
