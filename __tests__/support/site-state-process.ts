/**
 * Runs __tests__/support/site-state-probe.ts in a process of its own (another site server, or this
 * one after a restart) over this test file's state folder, and returns the line it printed.
 */
import { spawnSync } from 'node:child_process'
import path from 'node:path'

const PROBE = path.join(__dirname, 'site-state-probe.ts')
const REPO_ROOT = path.resolve(__dirname, '../..')

export function inAnotherServerProcess(command: string, ...args: string[]): string {
  const run = spawnSync(process.execPath, ['--import', 'tsx', PROBE, command, ...args], { cwd: REPO_ROOT, env: process.env, encoding: 'utf8', timeout: 60_000 })
  if (run.status !== 0 && run.signal !== 'SIGKILL') throw new Error(`${command} in another process failed (${run.status ?? run.signal}): ${run.stderr}`)
  return run.stdout.trim()
}
