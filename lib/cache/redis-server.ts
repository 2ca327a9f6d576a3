/**
 * A throw-away local `redis-server` (Debian's package) for trying several site instances on one
 * machine and for the tests: bound to 127.0.0.1, nothing written to disk, stopped by its PID.
 * Production points REDIS_URL at a real, managed Redis instead.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'

export type LocalRedis = { url: string; port: number; child: ChildProcess; stop: () => Promise<void> }

/** The `redis-server` binary on PATH (or Debian's path), or undefined when it is not installed. */
export function findRedisServer(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/bin', '/usr/local/bin']
  return dirs.map((dir) => path.join(dir, 'redis-server')).find((file) => existsSync(file))
}

/** Starts redis-server on 127.0.0.1:`port` and resolves once it accepts connections (bounded). */
export async function startLocalRedis(port: number, timeoutMs = 10_000): Promise<LocalRedis> {
  const binary = findRedisServer()
  if (!binary) throw new Error('redis-server is not installed (Debian: apt-get install redis-server)')
  const child: ChildProcess = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server on port ${port} did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs)
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8')
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`redis-server on port ${port} exited (code ${code}):\n${output}`))
    })
  })
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    const gone = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGKILL')
    await gone
  }
  try {
    await ready
  } catch (error) {
    await stop()
    throw error
  }
  // Only "Ready" was awaited; later output is dropped so the pipes never fill.
  child.stdout?.resume()
  child.stderr?.resume()
  return { url: `redis://127.0.0.1:${port}`, port, child, stop }
}
