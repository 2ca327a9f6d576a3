/**
 * `npm run bench:lake`: latency of the lake (SQLite + index planner + groq-js) against a plain
 * groq-js full scan over the same documents held in memory, at 1k, 10k and 100k articles.
 * (a) article by slug with a `->` section lookup; (b) latest 20 by publishedAt.
 */

import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { evaluate, parse } from 'groq-js'
import { openLakeStore } from '../lib/lake'
import type { LakeDocument } from '../lib/lake'
import { BY_SLUG, LATEST, syntheticDocuments } from './lake-fixtures'

const SIZES = [1_000, 10_000, 100_000]
const BUDGET_MS_PER_CASE = 6_000

async function measure(fn: (i: number) => Promise<unknown>): Promise<{ median: number; p95: number; runs: number }> {
  const times: number[] = []
  const started = performance.now()
  for (let i = 0; (i < 5 || performance.now() - started < BUDGET_MS_PER_CASE / 2) && i < 500; i++) {
    const t = performance.now()
    await fn(i)
    times.push(performance.now() - t)
  }
  times.sort((a, b) => a - b)
  return { median: times[Math.floor(times.length / 2)], p95: times[Math.min(times.length - 1, Math.floor(times.length * 0.95))], runs: times.length }
}

async function fullScan(tree: ReturnType<typeof parse>, docs: LakeDocument[], byId: Map<string, LakeDocument>, params: Record<string, unknown>) {
  const value = await evaluate(tree, { dataset: docs, params, dereference: ({ _ref }) => byId.get(_ref) ?? null })
  return value.get()
}

async function main(): Promise<void> {
  const rows: string[][] = [['articles', 'query', 'lake median ms', 'lake p95 ms', 'scan median ms', 'scan p95 ms', 'speed-up (median)']]
  for (const size of SIZES) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lake-bench-'))
    try {
      const docs = syntheticDocuments(size)
      const store = openLakeStore(dir)
      const t0 = performance.now()
      store.database.transaction(() => docs.forEach((doc) => store.database.writeDocument(doc)))
      process.stderr.write(`seeded ${size} articles in ${Math.round(performance.now() - t0)} ms\n`)
      const byId = new Map(docs.map((d) => [d._id, d]))
      const slugOf = (i: number) => `headline-${(i * 104729) % size}`
      const cases: [string, string, (i: number) => Record<string, unknown>][] = [
        ['by slug + ->', BY_SLUG, (i) => ({ slug: slugOf(i) })],
        ['latest 20', LATEST, () => ({})],
      ]
      for (const [label, query, paramsFor] of cases) {
        const tree = parse(query)
        const lake = await measure((i) => store.query(query, paramsFor(i), { perspective: 'published', authenticated: false }))
        const scan = await measure((i) => fullScan(tree, docs, byId, paramsFor(i)))
        const [lakeCheck, scanCheck] = [await store.query(query, paramsFor(3), { perspective: 'published' }), await fullScan(tree, docs, byId, paramsFor(3))]
        if (JSON.stringify(lakeCheck.result) !== JSON.stringify(scanCheck)) throw new Error(`Results differ for ${label} at ${size}`)
        rows.push([String(size), label, lake.median.toFixed(2), lake.p95.toFixed(2), scan.median.toFixed(2), scan.p95.toFixed(2), `${(scan.median / lake.median).toFixed(1)}x`])
      }
      await store.close()
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)))
  for (const row of rows) console.log(row.map((cell, c) => cell.padStart(widths[c])).join('  '))
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
