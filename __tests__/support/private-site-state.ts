/**
 * Every test file gets a site state folder of its own (SITE_STATE_DIR, lib/cache/site-state-db.js)
 * in a temp folder, removed after it: routes that keep publishes, deliveries or draft revocations
 * on disk never write into the repository's `.next/cache`, which the browser suite's build uses.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-site-state-'))
process.env.SITE_STATE_DIR = stateDir

afterAll(() => {
  jest.requireActual('@/lib/cache/site-state-db').closeSiteStateDbs()
  fs.rmSync(stateDir, { recursive: true, force: true })
})
