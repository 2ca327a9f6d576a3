/**
 * `next start` of a private copy of the build (`.next/` without its cache folder, in a temp
 * folder), for tests that publish to their own lake: pages they regenerate and tags they revalidate
 * stay in the copy, so the suite's shared build keeps serving the seed's content to later tests.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { freePort } from '../scripts/site/ports'
import { stopChild, waitForHttp } from '../scripts/site/processes'
import { root, type LoggedSite } from './site-process'

export async function startIsolatedSite(env: Record<string, string>, port?: number): Promise<LoggedSite> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isolated-site-'))
  fs.cpSync(path.join(root, '.next'), path.join(dir, '.next'), { recursive: true, filter: (source) => source !== path.join(root, '.next', 'cache') })
  fs.copyFileSync(path.join(root, 'next.config.js'), path.join(dir, 'next.config.js'))
  fs.copyFileSync(path.join(root, 'package.json'), path.join(dir, 'package.json'))
  // Read only: node_modules for the server's externals, lib/ for the image loader next.config.js names.
  for (const shared of ['node_modules', 'lib']) fs.symlinkSync(path.join(root, shared), path.join(dir, shared))
  const sitePort = port ?? (await freePort())
  const child = spawn(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'start', '-p', String(sitePort), '-H', '127.0.0.1'], {
    cwd: dir,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', REDIS_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const log: string[] = []
  const keep = (chunk: Buffer) => log.push(...chunk.toString('utf8').split('\n').filter(Boolean))
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const url = `http://127.0.0.1:${sitePort}`
  const stop = async () => {
    await stopChild(child, 10_000)
    fs.rmSync(dir, { recursive: true, force: true })
  }
  try {
    await waitForHttp(`${url}/`, 60_000, () => child.exitCode === null)
  } catch (error) {
    await stop()
    throw new Error(`${error instanceof Error ? error.message : error}\n${log.join('\n')}`)
  }
  return { url, log, stop }
}
