/**
 * Two site instances sharing one Redis cache against one instance on its own file-system cache:
 * requests per second for an article page at c=100 (one instance: 100 connections; two: 50 to
 * each at once, as a load balancer would spread them). For `npm run bench` (bench/run.ts) to call
 * on an existing build; starts and stops its own lakes, instances and redis-server (all by PID).
 */
import { startLocalRedis } from '../lib/cache/redis-server'
import { freePort } from '../scripts/site/ports'
import { readLakeToken } from '../lib/sanity/lake-token'
import { loadTest, type LoadResult } from './http-load'
import { measurePublishLatency, type PublishLatency } from './publish-latency'
import { startSiteInstances } from './site-instances'

export type InstancesResult = {
  single: { reqPerSec: number; p99Ms: number }
  two: { reqPerSec: number; p99Ms: number }
  /** two.reqPerSec / single.reqPerSec */
  ratio: number
  /** Errors and non-2xx answers in both runs (0 expected). */
  errors: number
  /** Publish → both instances show it, the webhook going to the first only (goal: p50 ≤ 1 s, p95 ≤ 1.5 s). */
  publishToBoth: PublishLatency
}

export type InstancesOptions = { path: string; durationSec?: number; warmupSec?: number; connections?: number; publishes?: number }

/** Runs both set-ups one after the other (never side by side: they would share the CPU). */
export async function measureInstances({ path, durationSec = 30, warmupSec = 3, connections = 100, publishes = 20 }: InstancesOptions): Promise<InstancesResult> {
  const run = (url: string, share: number) => loadTest(`${url}${path}`, { connections: share, durationSec, warmupSec })
  const errorsOf = (results: LoadResult[]) => results.reduce((sum, result) => sum + result.errors + result.non2xx, 0)

  const one = await startSiteInstances(1, undefined)
  let single: LoadResult
  try {
    single = await run(one.urls[0], connections)
  } finally {
    await one.stop()
  }

  const redis = await startLocalRedis(await freePort())
  let pair: LoadResult[]
  let publishToBoth: PublishLatency
  try {
    const two = await startSiteInstances(2, redis.url, { webhookTo: 'first' })
    try {
      pair = await Promise.all(two.urls.map((url) => run(url, Math.ceil(connections / 2))))
      const [first, ...others] = two.urls
      publishToBoth = await measurePublishLatency({ siteUrl: first, otherSiteUrls: others, lakeUrl: two.lakeUrl, token: readLakeToken(two.dataDir), count: publishes })
    } finally {
      await two.stop()
    }
  } finally {
    await redis.stop()
  }

  const twoPerSec = pair.reduce((sum, result) => sum + result.reqPerSec, 0)
  return {
    single: { reqPerSec: single.reqPerSec, p99Ms: single.p99Ms },
    two: { reqPerSec: twoPerSec, p99Ms: Math.max(...pair.map((result) => result.p99Ms)) },
    ratio: twoPerSec / single.reqPerSec,
    errors: errorsOf([single, ...pair]),
    publishToBoth,
  }
}
