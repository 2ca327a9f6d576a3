/**
 * Starts the built site as `npm start -- --instances N` (scripts/run-site.ts) on consecutive free
 * 127.0.0.1 ports, with a fresh lake seeded from content/ on a temp data dir, for the multi-instance
 * browser test and the instances benchmark. Stopped by the runner's PID (it stops Next and the lake).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { freePort, isPortFree } from '../scripts/site/ports'
import { answers, stopChild, waitForHttp } from '../scripts/site/processes'

const root = path.resolve(__dirname, '..')

export type SiteInstances = {
  /** One base URL per instance (the lake's publish webhook goes to each, or to the first only: `webhookTo`). */
  urls: string[]
  lakeUrl: string
  dataDir: string
  /** The runner's output, line by line. */
  log: string[]
  stop: () => Promise<void>
}

/** `count` consecutive ports that are free now (bounded tries). */
async function consecutiveFreePorts(count: number): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const first = await freePort()
    if (first + count - 1 > 65535) continue
    const rest = await Promise.all(Array.from({ length: count - 1 }, (_, i) => isPortFree(first + i + 1, '127.0.0.1')))
    if (rest.every(Boolean)) return first
  }
  throw new Error(`no ${count} consecutive free ports found`)
}

/**
 * `redisUrl` undefined: no REDIS_URL (one instance only: Next's file-system cache). `webhookTo`:
 * `every` instance (what `npm start` does), or the `first` only (as a hosted Sanity project's one
 * webhook through a load balancer reaches one instance: the others learn through Redis). `env`,
 * `args`: extra environment for the runner and extra `npm start` arguments (e.g. `--cache varnish`).
 */
export async function startSiteInstances(
  count: number,
  redisUrl: string | undefined,
  { timeoutMs = 180_000, webhookTo = 'every', env: moreEnv = {}, args: moreArgs = [] }: { timeoutMs?: number; webhookTo?: 'every' | 'first'; env?: Record<string, string>; args?: string[] } = {},
): Promise<SiteInstances> {
  const port = await consecutiveFreePorts(count)
  const lakePort = await freePort()
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'instances-lake-'))
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    LAKE_PORT: String(lakePort),
    LAKE_DATA_DIR: dataDir,
    LAKE_URL: '',
    LAKE_WEBHOOK_URLS: webhookTo === 'first' ? `http://127.0.0.1:${port}/api/revalidate` : '',
    SANITY_PROJECT_ID: '',
    SANITY_API_TOKEN: '',
    SANITY_WEBHOOK_SECRET: '',
    REDIS_URL: redisUrl ?? '',
    NEXT_TELEMETRY_DISABLED: '1',
    ...moreEnv,
  }
  // The runner's PID is run-site itself (tsx's loader, not its CLI, which relays a stop signal and
  // kills a child that is slow to acknowledge it: the runner's own children would be left running).
  const loader = pathToFileURL(path.join(root, 'node_modules/tsx/dist/loader.mjs')).href
  const args = ['--import', loader, path.join(root, 'scripts/run-site.ts'), 'start', ...(count > 1 ? ['--instances', String(count)] : []), ...moreArgs]
  const runner: ChildProcess = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
  const log: string[] = []
  const keep = (chunk: Buffer) => {
    log.push(...chunk.toString('utf8').split('\n').filter(Boolean))
    if (log.length > 5000) log.splice(0, log.length - 5000)
  }
  runner.stdout?.on('data', keep)
  runner.stderr?.on('data', keep)
  const urls = Array.from({ length: count }, (_, i) => `http://127.0.0.1:${port + i}`)
  const lakeUrl = `http://127.0.0.1:${lakePort}`
  const stop = async () => {
    await stopChild(runner, 20_000)
    rmSync(dataDir, { recursive: true, force: true })
  }
  try {
    for (const url of urls) await waitForHttp(`${url}/`, timeoutMs, () => runner.exitCode === null)
  } catch (error) {
    await stop()
    throw new Error(`${error instanceof Error ? error.message : error}\n${log.slice(-50).join('\n')}`)
  }
  return { urls, lakeUrl, dataDir, log, stop }
}

/** The URLs among `urls` that still answer (after a stop: none may). */
export async function stillAnswering(urls: string[]): Promise<string[]> {
  const results = await Promise.all(urls.map(async (url) => ((await answers(url)) ? url : null)))
  return results.filter((url): url is string => url !== null)
}
