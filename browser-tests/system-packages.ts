/**
 * What the browser and integration suite needs beyond Node and `npm install`: Debian packages,
 * checked before anything starts. `npm test` needs none of them; this suite fails at once and
 * names every missing package with the command that installs it, rather than skipping a check.
 */
import { existsSync } from 'node:fs'
import { findRedisServer } from '../lib/cache/redis-server'
import { findVarnishd, hasXkeyVmod } from '../lib/cache/varnish-server'

export interface SystemPackage {
  /** The Debian package to install. */
  debian: string
  /** What in the suite uses it. */
  usedFor: string
  installed: () => boolean
}

export const SYSTEM_PACKAGES: SystemPackage[] = [
  {
    debian: 'chromium',
    usedFor: 'every browser test (headless Chromium driven by playwright-core; CHROMIUM_PATH overrides /usr/bin/chromium)',
    installed: () => existsSync(process.env.CHROMIUM_PATH || '/usr/bin/chromium'),
  },
  {
    debian: 'redis-server',
    usedFor: 'the shared page cache across site instances (__tests__/system, multi-instance test)',
    installed: () => findRedisServer() !== undefined,
  },
  {
    debian: 'varnish',
    usedFor: 'the cache tier in front (browser-tests/varnish.test.ts, __tests__/system/varnish-vcl.system.test.ts): varnishd running deploy/varnish/newsroom.vcl',
    installed: () => findVarnishd() !== undefined,
  },
  {
    debian: 'varnish-modules',
    usedFor: 'vmod xkey, which the Varnish configuration purges by surrogate key with',
    installed: hasXkeyVmod,
  },
]

/** The packages of `packages` that are not installed. */
export function missingPackages(packages: SystemPackage[] = SYSTEM_PACKAGES): SystemPackage[] {
  return packages.filter((pkg) => !pkg.installed())
}

/** The message for missing packages: what each is for and the one command that installs them all. */
export function missingPackagesMessage(missing: SystemPackage[]): string {
  const lines = missing.map((pkg) => `  - ${pkg.debian}: ${pkg.usedFor}`)
  const names = missing.map((pkg) => pkg.debian).join(' ')
  return [
    `The browser and integration suite needs Debian packages that are not installed:`,
    ...lines,
    `Install them with: sudo apt-get update && sudo apt-get install -y ${names}`,
    '(`npm test` needs none of them.)',
  ].join('\n')
}
