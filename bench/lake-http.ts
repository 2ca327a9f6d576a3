/**
 * The lake through HTTP with @sanity/client at several sizes: by-slug and latest-20 latency
 * (p50/p99), alone and while a deliberately expensive query runs in a loop (its GROQ runs in the
 * lake's worker pool, so other queries must stay within 50 ms at p99).
 */
import { createClient, type SanityClient } from '@sanity/client'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openLakeStore } from '../lib/lake'
import { BY_SLUG, LATEST, syntheticDocuments } from './lake-fixtures'
import { startLake } from './processes'
import { percentile } from './stats'

/** Nested scans: quadratic in the document count; the lake stops it at its time limit (a 400). */
const EXPENSIVE = 'count(*[_type == "article" && count(*[_type == "article" && headline match "x*y*z*q"]) > 0])'

export interface LakeLatency {
  docs: number
  query: 'by slug' | 'latest 20'
  alone: { p50Ms: number; p99Ms: number }
  underExpensive: { p50Ms: number; p99Ms: number }
  expensiveAnswers: Record<string, number>
}

function client(url: string, token: string): SanityClient {
  return createClient({ projectId: 'local', dataset: 'production', apiVersion: '2025-02-19', apiHost: url, useProjectHostname: false, useCdn: false, token, perspective: 'published' })
}

async function timed(samples: number, run: (i: number) => Promise<unknown>): Promise<{ p50Ms: number; p99Ms: number }> {
  const times: number[] = []
  for (let i = 0; i < samples; i++) {
    const started = performance.now()
    await run(i)
    times.push(performance.now() - started)
  }
  return { p50Ms: percentile(times, 50), p99Ms: percentile(times, 99) }
}

/** Loops the expensive query from two clients until `stop` resolves; counts the answers by status/type. */
async function expensiveLoop(url: string, stopped: () => boolean): Promise<Record<string, number>> {
  const answers: Record<string, number> = {}
  const one = async () => {
    while (!stopped()) {
      const response = await fetch(`${url}/v2025-02-19/data/query/production`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: EXPENSIVE }),
        signal: AbortSignal.timeout(60_000),
      }).catch((error: Error) => ({ status: 0, json: async () => ({ error: { type: error.name } }) }))
      const body = (await response.json().catch(() => ({}))) as { error?: { type?: string } }
      const key = `${response.status}${body.error?.type ? ` ${body.error.type}` : ''}`
      answers[key] = (answers[key] ?? 0) + 1
    }
  }
  await Promise.all([one(), one()])
  return answers
}

export async function lakeLatency(sizes: number[], samples: number, log: (line: string) => void): Promise<LakeLatency[]> {
  const rows: LakeLatency[] = []
  const token = randomBytes(24).toString('hex')
  for (const size of sizes) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-lake-http-'))
    try {
      const store = openLakeStore(dataDir)
      const docs = syntheticDocuments(size)
      store.database.transaction(() => docs.forEach((doc) => store.database.writeDocument(doc)))
      await store.close()
      log(`lake: seeded ${size} articles`)
      const lake = await startLake(dataDir, token, `lake-${size}`)
      try {
        const sanity = client(lake.url, token)
        const cases: [LakeLatency['query'], (i: number) => Promise<unknown>][] = [
          ['by slug', (i) => sanity.fetch(BY_SLUG, { slug: `headline-${(i * 104729) % size}` })],
          ['latest 20', () => sanity.fetch(LATEST)],
        ]
        for (const [query, run] of cases) {
          await timed(10, run)
          const alone = await timed(samples, run)
          let stop = false
          const loop = expensiveLoop(lake.url, () => stop)
          await new Promise((resolve) => setTimeout(resolve, 300))
          const underExpensive = await timed(samples, run)
          stop = true
          const expensiveAnswers = await loop
          rows.push({ docs: size, query, alone, underExpensive, expensiveAnswers })
        }
      } finally {
        await lake.stop()
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  }
  return rows
}
