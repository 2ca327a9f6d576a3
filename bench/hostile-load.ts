/**
 * Hostile-load figures (issues #12 and #18): `HOSTILE_ATTACKERS_PER_KIND` (12) anonymous
 * attackers of each kind from __tests__/lake/fixtures/hostile-clients.ts (another process: slow
 * GROQ, a listen flood of 96 backtracking filters, image variants and random crops, heavy renders)
 * loop against a lake (its own process) while, here, a normal reader queries by slug, fetches a
 * cached image and first renders of published images, and an editor keeps a listen stream open
 * and sees its own writes. Goals (issue 18): normal query p95 <= 50 ms, no 503 to normal queries
 * or the editor's stream, first renders of published images p95 <= 1 s. Issue 19 adds a search
 * flood: the lake holds `SEARCH_STORIES` synthetic stories, and attackers send the site's own
 * search query (`match` + `score()` over every story's text) with random words; the normal
 * reader's figures show whether it slows anything else.
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import { exited, stopChild } from '../scripts/site/processes'
import { root, startLake } from './processes'
import { percentile } from './stats'
import { syntheticMutations } from './synthetic-stories'

const FIXTURES = path.join(root, '__tests__/lake/fixtures')
export const HOSTILE_ATTACKERS_PER_KIND = 12
/** Published widths (the loader's) and the images first-rendered during the run. */
const WIDTHS = [32, 48, 64, 96, 128, 256, 384, 640, 750, 828, 1080, 1200, 1920, 2048]
const PUBLISHED_IMAGES = 8
/** Stories the search attackers search through (each search reads every story's text). */
export const SEARCH_STORIES = 2000

export interface HostileFigures {
  durationMs: number
  attackersPerKind: number
  normalQueries: number
  queryP50Ms: number
  queryP95Ms: number
  queryP99Ms: number
  images: number
  imageP99Ms: number
  firstRenders: number
  firstRenderP50Ms: number
  firstRenderP95Ms: number
  editorEvents: number
  editorWrites: number
  normalFailures: string[]
  hostileAnswers: Record<string, Record<string, number>>
  hostileUnexpected: unknown[]
}

export async function hostileLoad(durationMs: number, attackersPerKind = HOSTILE_ATTACKERS_PER_KIND): Promise<HostileFigures> {
  const token = randomBytes(24).toString('hex')
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-hostile-'))
  const lake = await startLake(dataDir, token, 'lake-hostile', { LAKE_SEED_DIR: FIXTURES })
  const api = `${lake.url}/v2025-02-19`
  const auth = { authorization: `Bearer ${token}` }
  const mutate = (mutations: unknown[]) =>
    fetch(`${api}/data/mutate/production`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ mutations }) })
  try {
    const stories = syntheticMutations(SEARCH_STORIES)
    for (let i = 0; i < stories.length; i += 250) {
      const res = await mutate(stories.slice(i, i + 250))
      if (res.status !== 200) throw new Error(`seeding the search stories: ${res.status} ${await res.text()}`)
    }
    const publishImage = async (bytes: Buffer, holderId: string) => {
      const res = await fetch(`${api}/assets/images/production`, { method: 'POST', headers: auth, body: new Blob([new Uint8Array(bytes)]) })
      const { document } = (await res.json()) as { document: { _id: string; url: string } }
      await mutate([{ createOrReplace: { _id: holderId, _type: 'photoHolder', image: { _type: 'image', asset: { _type: 'reference', _ref: document._id } } } }])
      return document.url
    }
    const noisy = (seed: number) => sharp(randomBytes(1600 * 1200 * 3).map((b) => b ^ seed), { raw: { width: 1600, height: 1200, channels: 3 } }).jpeg({ quality: 90 }).toBuffer()
    const heavyUrl = await publishImage(await noisy(0), 'photo-heavy')
    const smallUrl = await publishImage(await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c03030' } }).png().toBuffer(), 'photo-small')
    const published: string[] = []
    for (let i = 0; i < PUBLISHED_IMAGES; i++) published.push(await publishImage(await noisy(i + 1), `photo-${i}`))
    const bySlugUrl = `${api}/data/query/production?query=${encodeURIComponent('*[_type == "article" && slug.current == $slug][0]{headline}')}&%24slug=%22one%22`

    const failures: string[] = []
    const queryMs: number[] = []
    const imageMs: number[] = []
    const firstRenderMs: number[] = []
    const round = async (record: boolean) => {
      let started = performance.now()
      const q = await fetch(bySlugUrl, { signal: AbortSignal.timeout(10_000) }).catch((error: Error) => {
        throw new Error(`by-slug query: ${error.message}`)
      })
      const body = (await q.json()) as { result?: { headline?: string } }
      if (record) queryMs.push(performance.now() - started)
      if (q.status !== 200 || body.result?.headline !== 'One') failures.push(`query ${q.status}`)
      started = performance.now()
      const img = await fetch(`${smallUrl}?w=64`, { signal: AbortSignal.timeout(10_000) }).catch((error: Error) => {
        throw new Error(`cached image: ${error.message}`)
      })
      await img.arrayBuffer()
      if (record) imageMs.push(performance.now() - started)
      if (img.status !== 200) failures.push(`image ${img.status}`)
    }
    await round(false)

    // The editor: one authenticated stream for the whole run; each of its writes must arrive.
    const editorEvents = new Set<string>()
    const editorAbort = new AbortController()
    const editorStream = (async () => {
      const res = await fetch(`${api}/data/listen/production?query=${encodeURIComponent('*[_type == "editorNote"]')}`, { headers: { ...auth, accept: 'text/event-stream' }, signal: editorAbort.signal })
      if (res.status !== 200) failures.push(`editor stream ${res.status}`)
      const decoder = new TextDecoder()
      let text = ''
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        text += decoder.decode(chunk, { stream: true })
        for (const m of text.matchAll(/"documentId":"(editor-note-\d+)"/g)) editorEvents.add(m[1])
        if (text.includes('event: channelError')) failures.push(`editor stream: ${/event: channelError\ndata: (.*)/.exec(text)?.[1] ?? 'channelError'}`)
        if (text.includes('event: channelError')) break
        text = text.slice(-200)
      }
    })().catch((error: Error) => {
      if (error.name !== 'AbortError') failures.push(`editor stream: ${error.message}`)
    })

    const tsx = path.join(root, 'node_modules/tsx/dist/cli.mjs')
    const hostileArgs = [tsx, path.join(FIXTURES, 'hostile-clients.ts'), lake.url, token, String(durationMs), heavyUrl, String(attackersPerKind), 'search']
    const hostile = spawn(process.execPath, hostileArgs, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] })
    let output = ''
    hostile.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
    let editorWrites = 0
    try {
      const deadline = Date.now() + 30_000
      while (!output.includes('hostile clients started') && Date.now() < deadline && hostile.exitCode === null) await new Promise((r) => setTimeout(r, 50))
      await new Promise((r) => setTimeout(r, 1000))
      const until = Date.now() + durationMs - 1000
      const firstRenders = (async () => {
        for (let i = 0; Date.now() < until && i < published.length * WIDTHS.length; i++) {
          const url = `${published[i % published.length]}?w=${WIDTHS[Math.floor(i / published.length)]}&q=75&auto=format`
          const started = performance.now()
          const res = await fetch(url, { signal: AbortSignal.timeout(10_000) }).catch((error: Error) => ({ status: error.name }))
          if ('arrayBuffer' in res) await res.arrayBuffer()
          firstRenderMs.push(performance.now() - started)
          if (res.status !== 200) failures.push(`first render ${res.status}`)
          await new Promise((r) => setTimeout(r, 150))
        }
      })()
      const editorWriting = (async () => {
        while (Date.now() < until) {
          const res = await mutate([{ createOrReplace: { _id: `editor-note-${editorWrites}`, _type: 'editorNote', n: editorWrites } }])
          if (res.status !== 200) failures.push(`editor write ${res.status}`)
          editorWrites++
          await new Promise((r) => setTimeout(r, 1000))
        }
      })()
      while (Date.now() < until) {
        await round(true).catch((error: Error) => failures.push(`normal client: ${error.message}`))
        await new Promise((r) => setTimeout(r, 20))
      }
      await Promise.all([firstRenders, editorWriting])
      await new Promise((r) => setTimeout(r, 2000)) // the last editor event
      const timer = setTimeout(() => hostile.kill('SIGKILL'), 30_000)
      await exited(hostile)
      clearTimeout(timer)
    } finally {
      editorAbort.abort()
      await editorStream
      await stopChild(hostile)
    }
    if (editorEvents.size < editorWrites) failures.push(`editor stream saw ${editorEvents.size} of ${editorWrites} writes`)
    const summaryLine = output.split('\n').find((line) => line.startsWith('{"summary"'))
    const summary = summaryLine ? (JSON.parse(summaryLine).summary as { answers: Record<string, Record<string, number>>; unexpected: unknown[] }) : { answers: {}, unexpected: ['no summary from the hostile clients'] }
    return {
      durationMs,
      attackersPerKind,
      normalQueries: queryMs.length,
      queryP50Ms: percentile(queryMs, 50),
      queryP95Ms: percentile(queryMs, 95),
      queryP99Ms: percentile(queryMs, 99),
      images: imageMs.length,
      imageP99Ms: percentile(imageMs, 99),
      firstRenders: firstRenderMs.length,
      firstRenderP50Ms: percentile(firstRenderMs, 50),
      firstRenderP95Ms: percentile(firstRenderMs, 95),
      editorEvents: editorEvents.size,
      editorWrites,
      normalFailures: failures,
      hostileAnswers: summary.answers,
      hostileUnexpected: summary.unexpected,
    }
  } finally {
    await lake.stop()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}
