/**
 * The processes a benchmark runs: our site (scripts/run-site.ts, with its own lake on a temp data
 * dir), the bare baseline app, and a lake alone. Output goes to a log file per process under
 * bench/results/ so the table stays readable; every process is stopped by its PID.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { freePort } from '../scripts/site/ports'
import { exited, stopChild, waitForHttp } from '../scripts/site/processes'

export const root = path.resolve(__dirname, '..')
export const resultsDir = path.join(__dirname, 'results')
export const baselineDir = path.join(__dirname, 'baseline')
const nextBin = path.join(root, 'node_modules/next/dist/bin/next')
const tsxCli = path.join(root, 'node_modules/tsx/dist/cli.mjs')

export interface Running {
  url: string
  child: ChildProcess
  stop: () => Promise<void>
}

const running = new Set<ChildProcess>()

/** Stops every process still running (on failure or Ctrl-C). */
export async function stopAll(): Promise<void> {
  for (const child of [...running].reverse()) await stopChild(child, 15_000)
}

function spawnLogged(name: string, args: string[], env: Record<string, string>, cwd = root): ChildProcess {
  fs.mkdirSync(resultsDir, { recursive: true })
  const log = fs.openSync(path.join(resultsDir, `${name}.log`), 'a')
  const child = spawn(process.execPath, args, { cwd, env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env }, stdio: ['ignore', log, log] })
  fs.closeSync(log)
  running.add(child)
  void exited(child).then(() => running.delete(child))
  return child
}

async function runToEnd(name: string, args: string[], env: Record<string, string>, cwd = root): Promise<void> {
  const code = await exited(spawnLogged(name, args, env, cwd))
  if (code !== 0) throw new Error(`${name} failed (exit ${code}); see bench/results/${name}.log`)
}

async function started(name: string, child: ChildProcess, url: string, probe = '/'): Promise<Running> {
  try {
    await waitForHttp(`${url}${probe}`, 180_000, () => child.exitCode === null)
  } catch (error) {
    await stopChild(child)
    throw new Error(`${name}: ${error instanceof Error ? error.message : error}; see bench/results/${name}.log`)
  }
  return { url, child, stop: () => stopChild(child, 15_000) }
}

export interface SiteProcess extends Running {
  lakeUrl: string
  dataDir: string
  /** Varnish in front (`npm start -- --cache varnish`), when asked for. */
  cacheUrl?: string
}

/**
 * `npm run build` then `npm start` of a copy of the project in `cwd` (the archive benchmark's
 * copy), its lake on `dataDir`: the build's wall time, and the site once it answers.
 */
export async function buildAndStartSiteIn(cwd: string, dataDir: string, env: Record<string, string> = {}): Promise<{ buildMs: number; site: Running }> {
  const siteVars = { PORT: String(await freePort()), HOST: '127.0.0.1', LAKE_PORT: String(await freePort()), LAKE_DATA_DIR: dataDir, SANITY_PROJECT_ID: '', ...env }
  const script = path.join(cwd, 'scripts/run-site.ts')
  const startedAt = performance.now()
  await runToEnd('archive-site-build', [tsxCli, script, 'build'], siteVars, cwd)
  const buildMs = performance.now() - startedAt
  const child = spawnLogged('archive-site', [tsxCli, script, 'start'], siteVars, cwd)
  return { buildMs, site: await started('archive-site', child, `http://127.0.0.1:${siteVars.PORT}`) }
}

/** Environment of our site and its lake on free ports with a fresh data dir (the seed). */
async function siteEnv(): Promise<Record<string, string> & { PORT: string; LAKE_PORT: string; LAKE_DATA_DIR: string }> {
  return {
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    LAKE_PORT: String(await freePort()),
    LAKE_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'bench-lake-')),
    SANITY_PROJECT_ID: '',
  }
}

/** `next build` of our site (its own lake on a temp dir serves the content it prerenders). */
export async function buildSite(): Promise<void> {
  const env = await siteEnv()
  try {
    await runToEnd('site-build', [tsxCli, path.join(root, 'scripts/run-site.ts'), 'build'], env)
  } finally {
    fs.rmSync(env.LAKE_DATA_DIR, { recursive: true, force: true })
  }
}

/**
 * `npm start` of the existing build, with a fresh seeded lake; with `varnish`, `npm start -- --cache
 * varnish` (Varnish in front on a free port, purged by every publish).
 */
export async function startSite({ varnish = false }: { varnish?: boolean } = {}): Promise<SiteProcess> {
  const env = await siteEnv()
  const varnishPort = varnish ? await freePort() : undefined
  const args = [tsxCli, path.join(root, 'scripts/run-site.ts'), 'start', ...(varnish ? ['--cache', 'varnish'] : [])]
  const child = spawnLogged('site', args, varnishPort ? { ...env, VARNISH_PORT: String(varnishPort) } : env)
  const site = await started('site', child, `http://127.0.0.1:${env.PORT}`)
  const cacheUrl = varnishPort ? `http://127.0.0.1:${varnishPort}` : undefined
  if (cacheUrl) await started('site', child, cacheUrl)
  return {
    ...site,
    cacheUrl,
    lakeUrl: `http://127.0.0.1:${env.LAKE_PORT}`,
    dataDir: env.LAKE_DATA_DIR,
    stop: async () => {
      await site.stop()
      fs.rmSync(env.LAKE_DATA_DIR, { recursive: true, force: true })
    },
  }
}

/** Builds and starts the baseline app (bench/baseline) with the markup captured in `captured`. */
export async function buildAndStartBaseline(captured: Record<string, string>): Promise<Running> {
  const dir = path.join(baselineDir, 'captured')
  fs.mkdirSync(dir, { recursive: true })
  for (const [name, html] of Object.entries(captured)) fs.writeFileSync(path.join(dir, name), html)
  await runToEnd('baseline-build', [nextBin, 'build'], {}, baselineDir)
  const port = await freePort()
  const child = spawnLogged('baseline', [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'], {}, baselineDir)
  return started('baseline', child, `http://127.0.0.1:${port}`)
}

/** The lake alone (scripts/lake.ts) on an existing data dir. */
export async function startLake(dataDir: string, token: string, name = 'lake', extraEnv: Record<string, string> = {}): Promise<Running> {
  const port = await freePort()
  const env = { LAKE_PORT: String(port), LAKE_DATA_DIR: dataDir, SANITY_API_TOKEN: token, SANITY_PROJECT_ID: '', LAKE_WEBHOOK_URLS: '', ...extraEnv }
  const child = spawnLogged(name, [tsxCli, path.join(root, 'scripts/lake.ts')], env)
  return started(name, child, `http://127.0.0.1:${port}`, '/health')
}
