/**
 * Browser and integration suite: checks the Debian packages it needs (system-packages.ts: it fails
 * naming each missing one), runs the jest suites that need them (`__tests__/system`, e.g. the
 * Redis cache handler against a real redis-server), then starts the built site (with its own lake
 * on free ports and a temp data dir), runs the node:test files in this folder against it in
 * headless Chromium, and stops both. Uses the existing build only when it was prerendered from a
 * freshly seeded lake with today's seed (see scripts/site/build-stamp.ts); otherwise builds first.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { buildMismatch } from '../scripts/site/build-stamp'
import { freePort } from '../scripts/site/ports'
import { answers, exited, startNodeChild, stopChild, waitForHttp } from '../scripts/site/processes'
import { missingPackages, missingPackagesMessage } from './system-packages'

const root = path.resolve(__dirname, '..')

/** The jest suites that need system packages (`*.system.test.ts`), run with the repository's jest config. */
async function runSystemJestSuites(): Promise<number> {
  const jest = path.join(root, 'node_modules/jest/bin/jest.js')
  const child = spawn(process.execPath, [jest, '--ci'], { cwd: root, env: { ...process.env, JEST_SYSTEM_TESTS: 'only' }, stdio: 'inherit' })
  return exited(child)
}

async function main() {
  const missing = missingPackages()
  if (missing.length > 0) {
    console.error(`[browser-tests] ${missingPackagesMessage(missing)}`)
    process.exit(1)
  }
  // `npm run test:browser -- outages headers`: only the files whose names contain one of the words
  // (the jest system suites run when no word is given, or the word "system").
  const only = process.argv.slice(2)
  if (only.length === 0 || only.includes('system')) {
    const systemCode = await runSystemJestSuites()
    if (systemCode !== 0) process.exit(systemCode)
  }
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
  const tsx = path.join(root, 'node_modules/tsx/dist/cli.mjs')
  const mismatch = buildMismatch(root, path.join(root, 'content'))
  if (mismatch) {
    console.log(`[browser-tests] building first: ${mismatch}`)
    const buildDir = mkdtempSync(path.join(os.tmpdir(), 'browser-build-lake-'))
    const build = startNodeChild('build', [tsx, path.join(root, 'scripts/run-site.ts'), 'build'], { ...env, LAKE_DATA_DIR: buildDir })
    const buildCode = await exited(build)
    rmSync(buildDir, { recursive: true, force: true })
    if (buildCode !== 0) process.exit(buildCode)
  }
  const site = startNodeChild('site', [tsx, path.join(root, 'scripts/run-site.ts'), 'start'], env)
  let code = 1
  try {
    await waitForHttp(`${baseUrl}/`, 300_000, () => site.exitCode === null)
    const files = readdirSync(__dirname)
      .filter((name) => name.endsWith('.test.ts') && (only.length === 0 || only.some((word) => name.includes(word))))
      .map((name) => path.join(__dirname, name))
    const runner = spawn(process.execPath, [tsx, '--test', '--test-concurrency=1', ...files], {
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
