/**
 * The site's server on a private copy of the build (`.next/` without its cache folder, in a temp
 * folder), for tests that publish to their own lake: pages they regenerate and tags they revalidate
 * stay in the copy, so the suite's shared build keeps serving the seed's content to later tests.
 * `prepareIsolatedBuild` makes the copy alone, for tests that start (and restart) a server on it.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { root, startLoggedSite, type LoggedSite } from './site-process'

export type IsolatedBuild = {
  /** The folder holding the copy (`.next/`, next.config.js, links to node_modules and lib). */
  dir: string
  /** A site server on the copy (`REDIS_URL` unset unless `env` sets it); stopping it leaves the copy. */
  start: (env: Record<string, string>, port?: number) => Promise<LoggedSite>
  remove: () => void
}

export function prepareIsolatedBuild(): IsolatedBuild {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isolated-site-'))
  fs.cpSync(path.join(root, '.next'), path.join(dir, '.next'), { recursive: true, filter: (source) => source !== path.join(root, '.next', 'cache') })
  fs.copyFileSync(path.join(root, 'next.config.js'), path.join(dir, 'next.config.js'))
  for (const file of ['package.json', 'tsconfig.json']) fs.copyFileSync(path.join(root, file), path.join(dir, file))
  // Read only: node_modules for the server's externals, lib/ for the front door and the files next.config.js names.
  for (const shared of ['node_modules', 'lib']) fs.symlinkSync(path.join(root, shared), path.join(dir, shared))
  return {
    dir,
    start: (env, port) => startLoggedSite({ REDIS_URL: '', SITE_STATE_DIR: '', ...env }, { cwd: dir, port }),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  }
}

/** The site and the folder of its copy (its `.next` holds the pages it caches). */
export type IsolatedSite = LoggedSite & { dir: string }

export async function startIsolatedSite(env: Record<string, string>, port?: number): Promise<IsolatedSite> {
  const build = prepareIsolatedBuild()
  const site = await startLoggedSite({ REDIS_URL: '', SITE_STATE_DIR: '', ...env }, { cwd: build.dir, port, cleanUp: build.remove })
  return { ...site, dir: build.dir }
}
