/**
 * Everyday paths of the process runners: a busy port or a bad setting stops `npm start` and
 * `npm run lake` at once, with a message naming the port or the variable and a non-zero exit.
 */
import fs from 'node:fs'
import { createServer, type Server } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { REPO_ROOT, runTsx } from '../dataset/run-tsx'

jest.setTimeout(60_000)

const runSite = path.join(REPO_ROOT, 'scripts/run-site.ts')
const runLake = path.join(REPO_ROOT, 'scripts/lake.ts')
let busy: Server
let busyPort: number
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'runner-'))

beforeAll(async () => {
  busy = createServer()
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', () => resolve()))
  busyPort = (busy.address() as { port: number }).port
})
afterAll(async () => {
  await new Promise((resolve) => busy.close(resolve))
  fs.rmSync(tmp, { recursive: true, force: true })
})

describe('npm start', () => {
  it('refuses a busy site port before starting anything', async () => {
    const dataDir = path.join(tmp, 'site-busy')
    const result = await runTsx(runSite, ['start'], { PORT: String(busyPort), HOST: '127.0.0.1', LAKE_PORT: '9', LAKE_DATA_DIR: dataDir, SANITY_PROJECT_ID: '' })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(`port ${busyPort} on 127.0.0.1 is already in use`)
    expect(result.stdout).not.toContain('serving on')
    expect(fs.existsSync(dataDir)).toBe(false)
  })

  it('stops with the variable named when a setting is bad', async () => {
    const result = await runTsx(runSite, ['start'], { LAKE_PORT: 'abc' })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('invalid setting LAKE_PORT: "abc" is not a TCP port')
  })
})

describe('npm run lake', () => {
  it('names the busy port', async () => {
    const result = await runTsx(runLake, [], { LAKE_PORT: String(busyPort), LAKE_DATA_DIR: path.join(tmp, 'lake-busy'), SANITY_API_TOKEN: 'x'.repeat(40), LAKE_SEED_DIR: path.join(tmp, 'no-seed') })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(`lake failed to start: port ${busyPort} is already in use (set LAKE_PORT)`)
  })

  it('refuses a token Sanity Studio would refuse', async () => {
    const result = await runTsx(runLake, [], { LAKE_PORT: '9', SANITY_API_TOKEN: 'too-short' })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('invalid setting SANITY_API_TOKEN: is 9 characters')
  })
})
