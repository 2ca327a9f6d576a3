/** Spawning tsx child processes (lake servers, listen probes) and reading their JSON-line output. */

import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'

export const REPO_ROOT = path.resolve(__dirname, '..', '..')
// Run node with the tsx loader in ONE process: the tsx CLI would spawn a grandchild that a
// SIGKILL to its pid cannot reach.
const NODE_ARGS = ['--import', 'tsx']

export interface SpawnedProcess {
  child: ChildProcess
  lines: string[]
  /** Resolves with the first output line matching `pattern`. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>
  /** Kills the process by its own pid and waits for it to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>
}

export function spawnTsx(script: string, args: string[], env: Record<string, string> = {}): SpawnedProcess {
  const child = spawn(process.execPath, [...NODE_ARGS, script, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const lines: string[] = []
  let buffer = ''
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = []
  const onData = (chunk: Buffer) => {
    buffer += chunk.toString('utf8')
    let newline: number
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline)
      buffer = buffer.slice(newline + 1)
      lines.push(line)
      for (const waiter of [...waiters]) {
        if (waiter.pattern.test(line)) {
          waiters.splice(waiters.indexOf(waiter), 1)
          waiter.resolve(line)
        }
      }
    }
  }
  child.stdout?.on('data', onData)
  child.stderr?.on('data', () => undefined)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return {
    child,
    lines,
    waitForLine(pattern, timeoutMs = 20000) {
      const existing = lines.find((line) => pattern.test(line))
      if (existing) return Promise.resolve(existing)
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`Timed out waiting for ${pattern}; got: ${lines.join(' | ')}`)), timeoutMs)
        waiters.push({ pattern, resolve: (line) => { clearTimeout(timer); resolve(line) } })
      })
    },
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null && child.pid) process.kill(child.pid, signal)
      await exited
    },
  }
}
