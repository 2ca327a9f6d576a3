/**
 * `npm run bench:varnish`: only the cache tier's rows of `npm run bench` (bench/varnish.ts) — the
 * article through Varnish against the bare Next page with the same body (gzip and uncompressed,
 * side by side, c=100 for 15 s each) and publish → visible through Varnish — on the existing
 * build, for re-measuring issue 20's goals without the rest of the table.
 */
import path from 'node:path'
import { readLakeToken } from '../lib/sanity/lake-token'
import { buildMismatch } from '../scripts/site/build-stamp'
import { loadTest } from './http-load'
import { startBaselinePages } from './baseline-pages'
import { root, startSite, stopAll } from './processes'
import { formatTable, ms } from './stats'
import { measureThroughVarnish, varnishRows, varnishUnavailable } from './varnish'

const ARTICLE = '/articles/turkey-erdogan-putin-to-meet-in-moscow-this-week-for-syria-talks'
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`)

async function main() {
  const unavailable = varnishUnavailable()
  if (unavailable) return console.log(unavailable)
  const mismatch = buildMismatch(root, path.join(root, 'content'))
  if (mismatch) throw new Error(`build the site from the seed first (npm run build): ${mismatch}`)
  const site = await startSite({ varnish: true })
  const token = readLakeToken(site.dataDir)
  if (!token || !site.cacheUrl) throw new Error('the site started without its lake token or Varnish')
  const { baseline } = await startBaselinePages(await (await fetch(`${site.url}${ARTICLE}`)).text(), log)
  const load = (name: string, url: string, headers?: Record<string, string>) => {
    log(`load: ${name}`)
    return loadTest(url, { connections: 100, durationSec: 15, warmupSec: 3, headers })
  }
  const baseArticle = await load('baseline article body', `${baseline.url}/`)
  const figures = await measureThroughVarnish({ cacheUrl: site.cacheUrl, baselineUrl: baseline.url, lakeUrl: site.lakeUrl, token, article: ARTICLE, quick: false, load })
  const rows = [['measure', 'value', 'p50', 'p99', 'vs baseline', 'goal'], ['baseline article body req/s (uncompressed)', baseArticle.reqPerSec.toFixed(0), ms(baseArticle.p50Ms), ms(baseArticle.p99Ms), '1.00×', ''], ...varnishRows(figures, baseArticle)]
  console.log(formatTable(rows))
}

process.on('SIGINT', () => void stopAll().then(() => process.exit(130)))
main()
  .catch((error) => {
    console.error(`[bench] ${error instanceof Error ? error.message : error}`)
    process.exitCode = 1
  })
  .finally(() => stopAll())
