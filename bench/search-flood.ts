/**
 * A search flood against the site itself (issue 19): `attackers` clients loop `/search?q=<random
 * words>` — every query different, so nothing is cached — while one reader fetches a page one
 * request after another. The reader's latency alone and under the flood show whether searches slow
 * other pages: the site renders at most a few searches at once (lib/routing/search-gate.ts) and
 * turns the rest away with 503, and in the lake a `match` query runs in the heavy lane.
 */
import { percentile } from './stats'

const WORDS = ['minister', 'talks', 'border', 'kremlin', 'moscow', 'economy', 'energy', 'court', 'summit', 'harvest', 'river', 'synthetic']

export type SearchFloodResult = {
  alone: { p50Ms: number; p95Ms: number; requests: number }
  underFlood: { p50Ms: number; p95Ms: number; requests: number; failures: number }
  searches: Record<string, number>
}

async function reader(url: string, until: number): Promise<{ times: number[]; failures: number }> {
  const times: number[] = []
  let failures = 0
  while (Date.now() < until) {
    const started = performance.now()
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) }).catch(() => null)
    if (response) await response.arrayBuffer()
    times.push(performance.now() - started)
    if (response?.status !== 200) failures++
  }
  return { times, failures }
}

export async function searchFlood({ siteUrl, path, durationSec, attackers = 12 }: { siteUrl: string; path: string; durationSec: number; attackers?: number }): Promise<SearchFloodResult> {
  const alone = await reader(`${siteUrl}${path}`, Date.now() + durationSec * 1000)
  const until = Date.now() + durationSec * 1000
  const searches: Record<string, number> = {}
  const flood = Array.from({ length: attackers }, async () => {
    while (Date.now() < until) {
      const q = Array.from({ length: 1 + Math.floor(Math.random() * 3) }, () => WORDS[Math.floor(Math.random() * WORDS.length)]).join(' ')
      const response = await fetch(`${siteUrl}/search?q=${encodeURIComponent(q)}`, { signal: AbortSignal.timeout(10_000) }).catch((error: Error) => ({ status: error.name }))
      if ('arrayBuffer' in response) await response.arrayBuffer()
      searches[String(response.status)] = (searches[String(response.status)] ?? 0) + 1
    }
  })
  const [under] = await Promise.all([reader(`${siteUrl}${path}`, until), ...flood])
  return {
    alone: { p50Ms: percentile(alone.times, 50), p95Ms: percentile(alone.times, 95), requests: alone.times.length },
    underFlood: { p50Ms: percentile(under.times, 50), p95Ms: percentile(under.times, 95), requests: under.times.length, failures: under.failures },
    searches,
  }
}
