/**
 * The archive benchmark (issue 19): a synthetic archive of `size` stories (bench/archive-data.ts)
 * is generated, imported with `content import` into a temporary lake that already holds the
 * seed's agencies and legal notice (import rate, peak RSS of the import process), the lake is
 * started, and each newsroom query shape is measured through HTTP with @sanity/client as the site
 * sends it (anonymous, published): p50/p95 against a goal of p95 ≤ 50 ms. A search for one
 * story's own word must find that story first.
 */
import { createClient, type SanityClient } from '@sanity/client'
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { searchQuery } from '../lib/content/search-query'
import { SEARCH_LIMITS } from '../lib/content/search-text'
import { openLakeStore } from '../lib/lake'
import { articleIdOf, ARCHIVE_SECTIONS, markerWordOf, NEWS_WORDS, sectionIdOf, wordFrom, writeArchiveNdjson } from './archive-data'
import { seededRandom } from './seeded-random'
import { root, startLake } from './processes'
import { percentile } from './stats'

const tsxCli = path.join(root, 'node_modules/tsx/dist/cli.mjs')

/** The reader search page's own query (`searchQuery`: relevance, then newest first): its first page plus one. */
const searchParams = (q: string) => ({ q, start: 0, end: SEARCH_LIMITS.pageSize + 1 })

interface Shape {
  name: string
  query: string
  params: (random: () => number, size: number) => Record<string, unknown>
  search?: boolean
}

const sectionOf = (random: () => number) => sectionIdOf(Math.floor(random() * ARCHIVE_SECTIONS))
const storyOf = (random: () => number, size: number) => Math.floor(random() * size)

const SHAPES: Shape[] = [
  { name: 'count(*[_type == "article"])', query: 'count(*[_type == "article"])', params: () => ({}) },
  { name: 'section total: count(… && section._ref == $s)', query: 'count(*[_type == "article" && section._ref == $s])', params: (r) => ({ s: sectionOf(r) }) },
  {
    name: 'section page [100...130] with section->slug.current',
    query: '*[_type == "article" && section._ref == $s] | order(publishedAt desc)[100...130]{_id, headline, publishedAt, "section": section->slug.current}',
    params: (r) => ({ s: sectionOf(r) }),
  },
  {
    name: 'deep section page (offset up to a section\'s size)',
    query: '*[_type == "article" && section._ref == $s] | order(publishedAt desc)[$from...$to]{_id, headline, publishedAt}',
    params: (r, size) => {
      const from = Math.floor(r() * Math.max(1, size / ARCHIVE_SECTIONS - 30))
      return { s: sectionOf(r), from, to: from + 30 }
    },
  },
  {
    name: 'section by slug: section->slug.current == $slug, latest 30',
    query: '*[_type == "article" && section->slug.current == $slug] | order(publishedAt desc)[0...30]{_id, headline, "section": section->title}',
    params: (r) => ({ slug: `archive-section-${Math.floor(r() * ARCHIVE_SECTIONS)}` }),
  },
  {
    name: 'references($id): stories citing a story, latest 10',
    query: '*[_type == "article" && references($id)] | order(publishedAt desc)[0...10]{_id, headline}',
    params: (r, size) => ({ id: articleIdOf(storyOf(r, size)) }),
  },
  { name: 'headline match "Kremlin*" [0...20]', query: '*[_type == "article" && headline match "Kremlin*"][0...20]{_id, headline}', params: () => ({}) },
  { name: 'search: one story\'s own word', query: searchQuery, params: (r, size) => searchParams(markerWordOf(storyOf(r, size))), search: true },
  { name: 'search: a common news word', query: searchQuery, params: (r) => searchParams(NEWS_WORDS[Math.floor(r() * 12)]), search: true },
  { name: 'search: two words', query: searchQuery, params: (r) => searchParams(`${wordFrom(r)} ${NEWS_WORDS[Math.floor(r() * NEWS_WORDS.length)]}`), search: true },
  { name: 'search: a word as readers pick them (Zipf)', query: searchQuery, params: (r) => searchParams(wordFrom(r)), search: true },
]

export interface ShapeResult {
  name: string
  p50Ms: number
  p95Ms: number
  samples: number
  search: boolean
}

export interface ArchiveResult {
  size: number
  documents: number
  import: { code: number; ms: number; cpuMs: number; maxRssBytes: number; docsPerSec: number; cpuDocsPerSec: number }
  databaseBytes: number
  lakeStartMs: number
  shapes: ShapeResult[]
  searchFindsStoryFirst: boolean
}

/** Seeds a lake with the seed's agencies, legal notice and site settings (what archived stories cite). */
async function lakeWithSeedBasics(dataDir: string): Promise<void> {
  const store = openLakeStore(dataDir)
  const seed = fs.readFileSync(path.join(root, 'content/data.ndjson'), 'utf8').trim().split('\n').map((line) => JSON.parse(line))
  await store.mutate(seed.filter((doc) => ['agency', 'legalNotice', 'siteSettings'].includes(doc._type)).map((doc) => ({ create: doc })))
  await store.close()
}

/** The Node options `npm run content` runs with (package.json), so the benchmark measures the same process. */
function contentNodeOptions(): string[] {
  const script = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.content
  return script.split(/\s+/).filter((arg) => arg.startsWith('--max-'))
}

/** Runs `content import` in a child process (its RSS is the import's alone), with the CLI's Node options. */
function importInChild(file: string, dataDir: string, log: (line: string) => void): Promise<ArchiveResult['import'] & { documents: number }> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, LAKE_DATA_DIR: dataDir, LAKE_URL: 'http://127.0.0.1:9', SANITY_PROJECT_ID: '' }
    const child = spawn(process.execPath, [tsxCli, ...contentNodeOptions(), path.join(__dirname, 'measured-import.ts'), file], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let documents = 0
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        log(`import: ${line}`)
        const imported = /^imported (\d+) documents/.exec(line)
        if (imported) documents = Number(imported[1])
      }
    })
    child.on('error', reject)
    child.on('close', () => {
      try {
        const measured = JSON.parse(stdout.trim().split('\n').pop() ?? '{}')
        resolve({ ...measured, documents, docsPerSec: documents / (measured.ms / 1000), cpuDocsPerSec: documents / (measured.cpuMs / 1000) })
      } catch {
        reject(new Error(`the import printed no result: ${stdout.slice(0, 200)}`))
      }
    })
  })
}

async function measureShape(client: SanityClient, shape: Shape, size: number, samples: number): Promise<ShapeResult> {
  const random = seededRandom(size + shape.name.length)
  for (let i = 0; i < 5; i++) await client.fetch(shape.query, shape.params(random, size))
  const times: number[] = []
  for (let i = 0; i < samples; i++) {
    const params = shape.params(random, size)
    const started = performance.now()
    await client.fetch(shape.query, params)
    times.push(performance.now() - started)
  }
  return { name: shape.name, p50Ms: percentile(times, 50), p95Ms: percentile(times, 95), samples, search: shape.search === true }
}

/** `alsoOnLake`: more measures on the imported lake before it is removed (the site half, `archive-site.ts`). */
export async function archiveBenchmark(size: number, samples: number, log: (line: string) => void, alsoOnLake?: (dataDir: string) => Promise<void>): Promise<ArchiveResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-archive-'))
  try {
    const file = path.join(dir, 'archive.ndjson')
    const dataDir = path.join(dir, 'lake')
    log(`archive: generating ${size} stories`)
    await writeArchiveNdjson(file, size)
    await lakeWithSeedBasics(dataDir)
    log(`archive: importing ${(fs.statSync(file).size / 2 ** 20).toFixed(0)} MB with content import`)
    const imported = await importInChild(file, dataDir, log)
    if (imported.code !== 0) throw new Error('content import failed (see the log above)')
    const measured = await measureArchiveLake(dataDir, size, samples, log)
    await alsoOnLake?.(dataDir)
    return { ...measured, documents: imported.documents, import: imported }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** The lake half of the benchmark on an archive already imported into `dataDir` (also `--archive-lake`). */
export async function measureArchiveLake(dataDir: string, size: number, samples: number, log: (line: string) => void): Promise<Omit<ArchiveResult, 'documents' | 'import'>> {
  const databaseBytes = fs.statSync(path.join(dataDir, 'lake.sqlite')).size
  const token = randomBytes(24).toString('hex')
  const startedAt = performance.now()
  const lake = await startLake(dataDir, token, `archive-lake-${size}`)
  const lakeStartMs = performance.now() - startedAt
  try {
    const client = createClient({ projectId: 'local', dataset: 'production', apiVersion: '2025-02-19', apiHost: lake.url, useProjectHostname: false, useCdn: false, perspective: 'published' })
    const shapes: ShapeResult[] = []
    for (const shape of SHAPES) {
      log(`archive: ${shape.name}`)
      shapes.push(await measureShape(client, shape, size, samples))
    }
    const story = Math.floor(size / 3)
    const found = await client.fetch<{ _id: string }[]>(searchQuery, searchParams(markerWordOf(story)))
    return { size, databaseBytes, lakeStartMs, shapes, searchFindsStoryFirst: found[0]?._id === articleIdOf(story) }
  } finally {
    await lake.stop()
  }
}

const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`
const ms = (value: number) => `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`
const met = (ok: boolean) => (ok ? 'met' : 'MISSED')

/** The benchmark's table: measure, value, p50, p95, goal. */
export function archiveRows(result: ArchiveResult): string[][] {
  const { size, import: imported } = result
  const rows: string[][] = [['measure', 'value', 'p50', 'p95', 'goal']]
  rows.push([`archive ${size}: content import (check + write)`, `${Math.round(imported.docsPerSec)} docs/s`, '', '', `>= 1000 docs/s ${met(imported.docsPerSec >= 1000)}`])
  rows.push([`  … per CPU second of the import process`, `${Math.round(imported.cpuDocsPerSec)} docs/s`, '', '', `${(imported.ms / 1000).toFixed(0)} s wall, ${(imported.cpuMs / 1000).toFixed(0)} s CPU`])
  rows.push([`  … peak RSS of the import process`, mb(imported.maxRssBytes), '', '', `<= 300 MB ${met(imported.maxRssBytes <= 300 * 2 ** 20)}`])
  return [...rows, ...archiveQueryRows(result)]
}

/** The rows of the lake half (`measureArchiveLake`), without the header. */
export function archiveQueryRows(result: Omit<ArchiveResult, 'documents' | 'import'>): string[][] {
  const rows: string[][] = []
  rows.push([`  lake file / lake start-up`, `${mb(result.databaseBytes)} / ${(result.lakeStartMs / 1000).toFixed(1)} s`, '', '', ''])
  for (const shape of result.shapes) rows.push([`  ${shape.name}`, `${shape.samples} queries`, ms(shape.p50Ms), ms(shape.p95Ms), `p95 <= 50 ms ${met(shape.p95Ms <= 50)}`])
  const searchP95 = Math.max(...result.shapes.filter((shape) => shape.search).map((shape) => shape.p95Ms))
  rows.push([`  search p95 (worst of the search rows)`, '', '', ms(searchP95), `<= 50 ms ${met(searchP95 <= 50)}`])
  rows.push([`  a story's own word finds it first`, result.searchFindsStoryFirst ? 'yes' : 'NO', '', '', met(result.searchFindsStoryFirst)])
  return rows
}

/** Problems for `--quick` runs, which fail on errors, never on speed. */
export function archiveProblems(result: ArchiveResult): string[] {
  const problems: string[] = []
  if (result.import.code !== 0) problems.push('archive: content import failed')
  if (result.documents !== result.size + 20) problems.push(`archive: imported ${result.documents} of ${result.size + 20} documents`)
  if (!result.searchFindsStoryFirst) problems.push("archive: the search for a story's own word did not find it first")
  return problems
}
