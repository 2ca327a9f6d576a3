/**
 * `npm run lighthouse [-- <base URL>]` — Lighthouse 12 (mobile preset, the default form factor) on
 * the home page, the story and its lite page; prints the four category scores, CLS, and the
 * simulated LCP and TBT per page.
 * Without a URL it starts the built site (with its own freshly seeded lake on free ports, like the
 * browser suite) and stops it afterwards. Chromium: $CHROME_PATH, default /usr/bin/chromium,
 * headless with the same flags as browser-tests/browser.ts. Exit code 1 if a page cannot be audited.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { freePort } from './site/ports'
import { startNodeChild, stopChild, waitForHttp } from './site/processes'

const root = path.resolve(__dirname, '..')
const SLUG = 'turkey-erdogan-putin-to-meet-in-moscow-this-week-for-syria-talks'
const PAGES = [
  ['home', '/'],
  ['article', `/articles/${SLUG}`],
  ['lite article', `/articles/${SLUG}/lite`],
] as const
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const
const CHROME_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

type LighthouseResult = {
  categories: Record<string, { score: number | null }>
  audits: Record<string, { numericValue?: number; score: number | null; title: string }>
}

const run = promisify(execFile)

async function audit(url: string): Promise<LighthouseResult> {
  const cli = path.join(root, 'node_modules/lighthouse/cli/index.js')
  const { stdout } = await run(
    process.execPath,
    [cli, url, '--output=json', '--output-path=stdout', '--quiet', `--only-categories=${CATEGORIES.join(',')}`, `--chrome-flags=${CHROME_FLAGS.join(' ')}`],
    { env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH || '/usr/bin/chromium' }, maxBuffer: 64 * 1024 * 1024, timeout: 180_000 },
  )
  return JSON.parse(stdout) as LighthouseResult
}

/** Audits that cost points, for the report (score below 1). */
function failing(result: LighthouseResult): string[] {
  return Object.entries(result.audits)
    .filter(([, a]) => a.score !== null && a.score < 0.9)
    .map(([id, a]) => `${id} (${a.title})`)
}

async function auditAll(base: string): Promise<number> {
  console.log(`Lighthouse 12 (mobile preset) against ${base} — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}`)
  console.log(['page'.padEnd(14), ...CATEGORIES.map((c) => c.padStart(15)), 'CLS'.padStart(6), 'LCP'.padStart(8), 'TBT'.padStart(7)].join(''))
  let code = 0
  for (const [name, pathname] of PAGES) {
    try {
      const result = await audit(`${base}${pathname}`)
      const scores = CATEGORIES.map((c) => String(Math.round((result.categories[c]?.score ?? 0) * 100)).padStart(15))
      const metric = (id: string) => result.audits[id]?.numericValue ?? NaN
      const timings = [metric('largest-contentful-paint'), metric('total-blocking-time')].map((value, i) => `${Math.round(value)} ms`.padStart(i === 0 ? 8 : 7))
      console.log([name.padEnd(14), ...scores, metric('cumulative-layout-shift').toFixed(3).padStart(6), ...timings].join(''))
      const lost = failing(result)
      if (lost.length) console.log(`${''.padEnd(14)}below 0.9: ${lost.join('; ')}`)
    } catch (error) {
      code = 1
      console.error(`${name}: ${error instanceof Error ? error.message.split('\n')[0] : error}`)
    }
  }
  return code
}

async function main() {
  const given = process.argv[2]
  if (given) process.exit(await auditAll(given.replace(/\/+$/, '')))
  const [port, lakePort] = [await freePort(), await freePort()]
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lighthouse-lake-'))
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', LAKE_PORT: String(lakePort), LAKE_DATA_DIR: dataDir, SANITY_PROJECT_ID: '', NEXT_TELEMETRY_DISABLED: '1' }
  const site = startNodeChild('site', [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(root, 'scripts/run-site.ts'), 'start'], env)
  let code = 1
  try {
    // "localhost", the seed's base URL host: canonical links then stay on the audited domain.
    const base = `http://localhost:${port}`
    await waitForHttp(`http://127.0.0.1:${port}/`, 300_000, () => site.exitCode === null)
    code = await auditAll(base)
  } finally {
    await stopChild(site, 15_000)
    rmSync(dataDir, { recursive: true, force: true })
  }
  process.exit(code)
}

void main()
