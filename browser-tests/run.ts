/**
 * Browser suite: starts the built site (with its own lake on free ports and a temp data dir),
 * runs the node:test files in this folder against it in headless Chromium, then stops both.
 * Needs `npm run build` first (or builds itself) and Debian's /usr/bin/chromium.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { answers, exited, startNodeChild, stopChild, waitForHttp } from '../scripts/site/processes'

const root = path.resolve(__dirname, '..')

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

async function main() {
  const [port, lakePort] = [await freePort(), await freePort()]
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'browser-lake-'))
  const baseUrl = `http://127.0.0.1:${port}`
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    LAKE_PORT: String(lakePort),
    LAKE_DATA_DIR: dataDir,
    SANITY_PROJECT_ID: '',
    NEXT_TELEMETRY_DISABLED: '1',
  }
  const site = startNodeChild('site', [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(root, 'scripts/run-site.ts'), 'start'], env)
  let code = 1
  try {
    await waitForHttp(`${baseUrl}/`, 300_000, () => site.exitCode === null)
    const files = readdirSync(__dirname)
      .filter((name) => name.endsWith('.test.ts'))
      .map((name) => path.join(__dirname, name))
    const runner = spawn(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), '--test', '--test-concurrency=1', ...files], {
      env: { ...env, BASE_URL: baseUrl, LAKE_URL: `http://127.0.0.1:${lakePort}` },
      stdio: 'inherit',
    })
    code = await exited(runner)
  } catch (error) {
    console.error(`[browser-tests] ${error instanceof Error ? error.message : error}`)
  } finally {
    await stopChild(site, 15_000)
    // `npm start` must take its children down with it: neither the site nor the lake may still answer.
    for (const url of [baseUrl, `http://127.0.0.1:${lakePort}`]) {
      if (await answers(url)) {
        console.error(`[browser-tests] ${url} still answers after the site runner was stopped`)
        code = code || 1
      }
    }
    rmSync(dataDir, { recursive: true, force: true })
  }
  process.exit(code)
}

void main()
