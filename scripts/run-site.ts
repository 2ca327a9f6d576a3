/**
 * `npm start` / `npm run dev` / `npm run build`.
 * Embedded mode (no SANITY_PROJECT_ID): starts the lake on 127.0.0.1 (unless one already answers),
 * then Next. `start` builds first when there is no build. Children are stopped on SIGINT/SIGTERM.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import type { ChildProcess } from 'node:child_process'
import { readOrCreateLakeToken } from './site/lake-token'
import { answers, exited, startNodeChild, stopChild, waitForHttp } from './site/processes'

type Mode = 'start' | 'dev' | 'build'

const root = path.resolve(__dirname, '..')
const nextBin = path.join(root, 'node_modules/next/dist/bin/next')
const tsxCli = path.join(root, 'node_modules/tsx/dist/cli.mjs')
const children = new Set<ChildProcess>()
let stopping = false

async function main(mode: Mode) {
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }
  process.on('SIGINT', () => void shutdown(130))
  process.on('SIGTERM', () => void shutdown(143))

  if (!env.SANITY_PROJECT_ID) await ensureLake(env)

  if (mode === 'build' || (mode === 'start' && !existsSync(path.join(root, '.next/BUILD_ID')))) {
    console.log('[site] building the site (next build)…')
    const code = await exited(track(startNodeChild('next build', [nextBin, 'build'], env)))
    if (code !== 0) return shutdown(code)
    if (mode === 'build') return shutdown(0)
  }

  const port = env.PORT || '3000'
  const host = env.HOST || '127.0.0.1'
  const next = track(startNodeChild(`next ${mode}`, [nextBin, mode, '-p', port, '-H', host], env))
  void exited(next).then((code) => shutdown(code))
  await waitForHttp(`http://${host}:${port}/`, 120_000, () => next.exitCode === null).then(
    () => console.log(`[site] serving on http://${host}:${port}/`),
    (error) => console.error(`[site] ${error.message}`),
  )
}

/** Starts the embedded lake unless one already answers; shares its token with Next. */
async function ensureLake(env: NodeJS.ProcessEnv) {
  const dataDir = path.resolve(root, env.LAKE_DATA_DIR || '.lake')
  env.LAKE_DATA_DIR = dataDir
  env.LAKE_PORT = env.LAKE_PORT || '3030'
  env.SANITY_API_TOKEN = env.SANITY_API_TOKEN || readOrCreateLakeToken(dataDir)
  const url = env.LAKE_URL || `http://127.0.0.1:${env.LAKE_PORT}`
  if (await answers(`${url}/health`)) {
    console.log(`[site] using the lake already running at ${url}`)
    return
  }
  const lake = track(startNodeChild('lake', [tsxCli, path.join(root, 'scripts/lake.ts')], env))
  void exited(lake).then((code) => {
    if (!stopping) console.error(`[site] the lake exited (code ${code})`)
    return shutdown(code || 1)
  })
  await waitForHttp(`${url}/health`, 60_000, () => lake.exitCode === null)
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
  console.error('usage: tsx scripts/run-site.ts start|dev|build')
  process.exit(2)
}
main(mode).catch((error) => {
  console.error(`[site] ${error instanceof Error ? error.message : error}`)
  void shutdown(1)
})
