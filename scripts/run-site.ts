/**
 * `npm start` / `npm run dev` / `npm run build`, configured by `lib/sanity/settings.ts`.
 * Embedded mode (no SANITY_PROJECT_ID): starts the lake on 127.0.0.1 (unless one already answers),
 * then Next. `start` builds first when there is no build. A busy site port stops it before anything
 * starts. Children are stopped on SIGINT/SIGTERM. `start -- --instances N` runs N Next processes
 * on consecutive ports sharing one lake and one Redis cache (scripts/site/instances.ts);
 * `start -- --cache varnish` puts Varnish in front on VARNISH_PORT (scripts/site/cache-in-front.ts).
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import type { ChildProcess } from 'node:child_process'
import { hasLakeDatabase } from '../lib/dataset/content-target'
import { readOrCreateLakeToken, readOrCreateWebhookSecret } from '../lib/sanity/lake-token'
import { readSettingsOrExit, type Settings } from '../lib/sanity/settings'
import { seedHash, writeContentStamp } from './site/build-stamp'
import { prepareVarnishInFront, readCacheOption, startVarnishInFront } from './site/cache-in-front'
import { readInstanceCount, sharedRedisUrl } from './site/instances'
import { isPortFree } from './site/ports'
import { answers, exited, siteServerArgs, startNodeChild, stopChild, waitForHttp } from './site/processes'

type Mode = 'start' | 'dev' | 'build'

const root = path.resolve(__dirname, '..')
const nextBin = path.join(root, 'node_modules/next/dist/bin/next')
const tsxCli = path.join(root, 'node_modules/tsx/dist/cli.mjs')
const children = new Set<ChildProcess>()
let stopping = false

async function main(mode: Mode) {
  const settings = readSettingsOrExit('site')
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }
  process.on('SIGINT', () => void shutdown(130))
  process.on('SIGTERM', () => void shutdown(143))

  const { port, host } = settings.site
  // `start -- --instances N`: N processes on PORT…PORT+N-1 sharing one lake and one Redis cache.
  const instances = mode === 'start' ? readInstanceCount(process.argv.slice(3)) : 1
  const cache = mode === 'start' ? readCacheOption(process.argv.slice(3)) : undefined
  for (let i = 0; i < instances; i++) {
    if (mode !== 'build' && !(await isPortFree(port + i, host))) {
      console.error(`[site] port ${port + i} on ${host} is already in use: stop what is using it, or set PORT to another port.`)
      return shutdown(1)
    }
  }

  // Editors may sign in to the lake from the Studio of every instance (LAKE_STUDIO_ORIGINS).
  if (!env.LAKE_STUDIO_ORIGINS?.trim() && instances > 1) {
    env.LAKE_STUDIO_ORIGINS = Array.from({ length: instances }, (_, i) => [`http://localhost:${port + i}`, `http://127.0.0.1:${port + i}`]).flat().join(',')
  }
  const varnish = cache === 'varnish' ? await prepareVarnishInFront(settings, env, instances) : undefined
  let freshSeed = false
  if (settings.sanity.backend === 'lake') freshSeed = await ensureLake(settings, env, instances)

  if (mode === 'build' || (mode === 'start' && !existsSync(path.join(root, '.next/BUILD_ID')))) {
    console.log('[site] building the site (next build)…')
    const code = await exited(track(startNodeChild('next build', [nextBin, 'build'], env)))
    if (code !== 0) return shutdown(code)
    writeContentStamp(root, { seedSha256: seedHash(settings.lake.seedDir), freshSeed, builtAt: new Date().toISOString() })
    if (mode === 'build') return shutdown(0)
  }

  if (instances > 1) env.REDIS_URL = await sharedRedisUrl(env, track)
  await Promise.all(Array.from({ length: instances }, (_, i) => startNext(mode, port + i, host, env)))
  if (varnish && !stopping) {
    const cache = await startVarnishInFront(settings, varnish.port, instances)
    track(cache.child)
    void exited(cache.child).then((code) => {
      if (!stopping) console.error(`[site] Varnish exited (code ${code})`)
      return shutdown(code || 1)
    })
    console.log(`[site] Varnish in front on ${cache.url}/ (deploy/varnish/newsroom.vcl; a publish purges it; stopped with the site)`)
  }
}

/** One `next start|dev` on `port`; when it exits, everything stops. */
async function startNext(mode: Mode, port: number, host: string, env: NodeJS.ProcessEnv) {
  const next = track(startNodeChild(`site ${mode}`, siteServerArgs(mode === 'dev' ? 'dev' : 'start', port, host), env))
  void exited(next).then((code) => shutdown(code))
  await waitForHttp(`http://${host}:${port}/`, 120_000, () => next.exitCode === null).then(
    () => console.log(`[site] serving on http://${host}:${port}/`),
    (error) => console.error(`[site] ${error.message}`),
  )
}

/**
 * Starts the embedded lake unless one already answers, and shares its token with Next.
 * Resolves true when the lake was started here on an empty data folder (so it holds exactly the seed).
 */
async function ensureLake(settings: Settings, env: NodeJS.ProcessEnv, instances: number): Promise<boolean> {
  const { dataDir, url, port } = settings.lake
  env.LAKE_DATA_DIR = dataDir
  env.SANITY_API_TOKEN = settings.sanity.token ?? readOrCreateLakeToken(dataDir).token
  // Publishing reaches readers at once: the lake signs a webhook to this site's /api/revalidate —
  // to every instance's, each from its own durable outbox row, so a publish reaches every instance
  // even while the Redis they share is down (and one that is down gets it when it is back).
  env.SANITY_WEBHOOK_SECRET = settings.webhook.secret ?? readOrCreateWebhookSecret(dataDir)
  if (settings.lake.webhookUrls.length === 0) {
    const siteHost = ['0.0.0.0', '::'].includes(settings.site.host) ? '127.0.0.1' : settings.site.host
    const host = siteHost.includes(':') ? `[${siteHost}]` : siteHost
    env.LAKE_WEBHOOK_URLS = Array.from({ length: instances }, (_, i) => `http://${host}:${settings.site.port + i}/api/revalidate`).join(',')
  }
  if (await answers(`${url}/health`)) {
    console.log(`[site] using the lake already running at ${url}`)
    return false
  }
  if (!(await isPortFree(port, '127.0.0.1'))) {
    throw new Error(`port ${port} (LAKE_PORT) is in use by something that is not a lake: stop it, or set LAKE_PORT to another port.`)
  }
  const fresh = !hasLakeDatabase(dataDir)
  const lake = track(startNodeChild('lake', [tsxCli, path.join(root, 'scripts/lake.ts')], env))
  void exited(lake).then((code) => {
    if (!stopping) console.error(`[site] the lake exited (code ${code})`)
    return shutdown(code || 1)
  })
  await waitForHttp(`${url}/health`, 60_000, () => lake.exitCode === null)
  return fresh
}

function track(child: ChildProcess) {
  children.add(child)
  void exited(child).then(() => children.delete(child))
  return child
}

async function shutdown(code: number) {
  if (stopping) return
  stopping = true
  // Next first (it may be mid-request to the lake), then the lake.
  for (const child of [...children].reverse()) await stopChild(child)
  process.exit(code)
}

const mode = process.argv[2] as Mode
if (!['start', 'dev', 'build'].includes(mode)) {
  console.error('usage: tsx scripts/run-site.ts start [--instances N] [--cache varnish]|dev|build')
  process.exit(2)
}
main(mode).catch((error) => {
  console.error(`[site] ${error instanceof Error ? error.message : error}`)
  void shutdown(1)
})
