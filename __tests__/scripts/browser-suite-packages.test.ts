/**
 * `npm test` needs Node alone; the browser and integration suite needs Debian packages and says so.
 * Here: no jest suite of `npm test` is one that needs a system package, and `npm run test:browser`
 * on a machine without Chromium fails at once, naming the package and the command that installs it.
 */
import path from 'node:path'
import { missingPackages, missingPackagesMessage, type SystemPackage } from '@/browser-tests/system-packages'
import { REPO_ROOT, runTsx } from '../dataset/run-tsx'

jest.setTimeout(60_000)

const absent = (debian: string): SystemPackage => ({ debian, usedFor: `tests of ${debian}`, installed: () => false })
const present = (debian: string): SystemPackage => ({ debian, usedFor: `tests of ${debian}`, installed: () => true })

describe('the browser suite’s system packages', () => {
  it('lists exactly the missing ones, each with its use, and one install command for all of them', () => {
    const missing = missingPackages([absent('chromium'), present('git'), absent('redis-server')])
    expect(missing.map((pkg) => pkg.debian)).toEqual(['chromium', 'redis-server'])
    const message = missingPackagesMessage(missing)
    expect(message).toContain('- chromium: tests of chromium')
    expect(message).toContain('- redis-server: tests of redis-server')
    expect(message).toContain('apt-get install -y chromium redis-server')
    expect(message).not.toContain('git')
  })

  it('npm run test:browser without Chromium exits non-zero and names the package (before building or starting anything)', async () => {
    const result = await runTsx(path.join(REPO_ROOT, 'browser-tests/run.ts'), [], { CHROMIUM_PATH: '/nonexistent/chromium' })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('- chromium:')
    expect(result.stderr).toMatch(/apt-get install -y .*chromium/)
    expect(result.stdout).not.toContain('building first')
  })
})
