/**
 * HTTP load with autocannon (in this process) against one URL: requests per second, latency
 * percentiles, and every error or non-2xx answer counted. A short warm-up run comes first.
 */
import autocannon from 'autocannon'

export interface LoadResult {
  url: string
  reqPerSec: number
  p50Ms: number
  p99Ms: number
  requests: number
  errors: number
  non2xx: number
}

export interface LoadOptions {
  connections?: number
  durationSec: number
  warmupSec?: number
  headers?: Record<string, string>
}

export async function loadTest(url: string, opts: LoadOptions): Promise<LoadResult> {
  const connections = opts.connections ?? 100
  if (opts.warmupSec) await autocannon({ url, connections, duration: opts.warmupSec, headers: opts.headers })
  const result = await autocannon({ url, connections, duration: opts.durationSec, headers: opts.headers, timeout: 10 })
  return {
    url,
    reqPerSec: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  }
}
