/**
 * Helpers for the plain-HTTP checks of the built site: a `next start` of the existing build whose
 * log the test can read (the site's server: front door, then Next), the size of `.next/`, the lake's mutate API, and the visible text of a page.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { freePort } from '../scripts/site/ports'
import { siteServerArgs, stopChild, waitForHttp } from '../scripts/site/processes'

export const root = path.resolve(__dirname, '..')

export type LoggedSite = {
  url: string
  /** The site server's own process id (no wrapper in between). */
  pid: number
  log: string[]
  /** SIGTERM (graceful), then clean-up. */
  stop: () => Promise<void>
  /** SIGKILL, as a crash would: nothing is flushed or closed. No clean-up. */
  kill: () => Promise<void>
}

/**
 * `next start` on 127.0.0.1 (a free port unless given) with `env` added, its stdout and stderr kept
 * line by line. `cwd` is the folder holding the build (default: the repository); `cleanUp` runs
 * after the server has stopped.
 */
export async function startLoggedSite(
  env: Record<string, string>,
  { cwd = root, port, cleanUp }: { cwd?: string; port?: number; cleanUp?: () => void } = {},
): Promise<LoggedSite> {
  const sitePort = port ?? (await freePort())
  const child: ChildProcess = spawn(process.execPath, siteServerArgs('start', sitePort, '127.0.0.1'), {
    cwd,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const log: string[] = []
  const keep = (chunk: Buffer) => log.push(...chunk.toString('utf8').split('\n').filter(Boolean))
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const url = `http://127.0.0.1:${sitePort}`
  const stop = async () => {
    await stopChild(child, 10_000)
    cleanUp?.()
  }
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGKILL')
    await exited
  }
  try {
    await waitForHttp(`${url}/`, 60_000, () => child.exitCode === null)
  } catch (error) {
    await stop()
    throw new Error(`${error instanceof Error ? error.message : error}\n${log.join('\n')}`)
  }
  return { url, pid: child.pid ?? 0, log, stop, kill }
}

/** Bytes and entries under `dir` (files, folders and links), counted with lstat. */
export function treeSize(dir: string): { bytes: number; entries: number } {
  let bytes = 0
  let entries = 0
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name)
      entries += 1
      bytes += fs.lstatSync(full).size
      if (entry.isDirectory()) walk(full)
    }
  }
  walk(dir)
  return { bytes, entries }
}

/** The markup of <body> with every <script> element removed: what a reader without JavaScript gets. */
export function bodyWithoutScripts(html: string): string {
  const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? ''
  return body.replace(/<script\b[\s\S]*?<\/script>/gi, '')
}

export async function get(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers, redirect: 'manual', signal: AbortSignal.timeout(15_000) })
  return { status: response.status, headers: response.headers, text: await response.text() }
}

/** Runs mutations on the lake with the token, visible to queries when it answers. */
export async function mutate(lakeUrl: string, token: string, mutations: unknown[]): Promise<void> {
  const response = await fetch(`${lakeUrl}/v2025-02-19/data/mutate/production?visibility=sync`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ mutations }),
    signal: AbortSignal.timeout(15_000),
  })
  if (!response.ok) throw new Error(`mutate: ${response.status} ${await response.text()}`)
}

/** Calls `task(i)` for i in [0, count) with at most `concurrency` in flight. */
export async function inParallel(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < count) await task(next++)
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
}
