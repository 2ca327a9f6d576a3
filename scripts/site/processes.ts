import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

/** Starts a Node script as a child whose PID is the process itself (no npm/sh wrapper in between). */
export function startNodeChild(name: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, args, { env, stdio: 'inherit' })
  child.on('error', (error) => console.error(`[site] ${name} failed to start: ${error.message}`))
  return child
}

/** Resolves with the exit code once the child exits. */
export function exited(child: ChildProcess): Promise<number> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode)
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))))
}

/** SIGTERM, then SIGKILL after a grace period; resolves when the child is gone. */
export async function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
  await exited(child)
  clearTimeout(timer)
}

/** Polls `url` until it answers (any HTTP status) or the deadline passes. Bounded. */
export async function waitForHttp(url: string, timeoutMs: number, isAlive: () => boolean = () => true): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let lastError = 'no answer'
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`process serving ${url} exited before it answered`)
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000) })
      return
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error)
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms (${lastError})`)
}

/** True when something already answers at `url`. */
export async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(1500) })
    return true
  } catch {
    return false
  }
}

const siteRoot = path.resolve(__dirname, '../..')

/**
 * Node arguments that run the site's server (scripts/site/server.ts: the front door, then Next)
 * for `mode` on `port`/`host`, serving the build in the child's working directory.
 */
export function siteServerArgs(mode: 'start' | 'dev', port: number, host: string): string[] {
  const tsxLoader = pathToFileURL(path.join(siteRoot, 'node_modules/tsx/dist/loader.mjs')).href
  return ['--import', tsxLoader, path.join(siteRoot, 'scripts/site/server.ts'), mode, '-p', String(port), '-H', host]
}
