/**
 * `npm start -- --instances N`: N `next start` processes on consecutive ports (PORT, PORT+1, …)
 * sharing one lake and one Redis cache (REDIS_URL, or a local redis-server started for the run),
 * for trying the several-machine set-up on one machine. See docs/deploying.md.
 */
import type { ChildProcess } from 'node:child_process'
import { findRedisServer, startLocalRedis } from '../../lib/cache/redis-server'
import { freePort } from './ports'

export const MAX_INSTANCES = 16

/** The `--instances N` (or `--instances=N`) argument: 1 when absent; throws on a bad value. */
export function readInstanceCount(args: string[]): number {
  const index = args.findIndex((arg) => arg === '--instances' || arg.startsWith('--instances='))
  if (index === -1) return 1
  const raw = args[index].includes('=') ? args[index].split('=')[1] : args[index + 1]
  const count = Number(raw)
  if (!/^\d+$/.test(raw ?? '') || count < 1 || count > MAX_INSTANCES) {
    throw new Error(`--instances "${raw ?? ''}" is not a number of instances (1–${MAX_INSTANCES})`)
  }
  return count
}

/**
 * The Redis every instance shares: REDIS_URL when set, else a local redis-server on a free
 * 127.0.0.1 port (handed to `track` so it stops with the site), else an error saying what to do.
 */
export async function sharedRedisUrl(env: NodeJS.ProcessEnv, track: (child: ChildProcess) => unknown): Promise<string> {
  const configured = env.REDIS_URL?.trim()
  if (configured) return configured
  if (!findRedisServer()) {
    throw new Error('several instances share their cache through Redis: set REDIS_URL, or install redis-server (Debian: apt-get install redis-server)')
  }
  const redis = await startLocalRedis(await freePort())
  track(redis.child)
  console.log(`[site] REDIS_URL is not set: started a local redis-server on ${redis.url} for the shared cache (stopped with the site)`)
  return redis.url
}
