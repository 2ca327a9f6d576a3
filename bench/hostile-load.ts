/**
 * Issue #12's hostile-load figures: the four hostile clients of
 * __tests__/lake/fixtures/hostile-clients.ts (another process) loop findings 1–4 against a lake
 * (its own process) while a normal client here queries by id and fetches a small image.
 * Goals: normal query p99 <= 50 ms, image p99 <= 500 ms, every normal request answered.
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

const FIXTURES = path.join(root, '__tests__/lake/fixtures')

export interface HostileFigures {
  durationMs: number
  normalQueries: number
  queryP99Ms: number
  images: number
  imageP99Ms: number
  normalFailures: string[]
  hostileAnswers: Record<string, Record<string, number>>
  hostileUnexpected: unknown[]
}

export async function hostileLoad(durationMs: number): Promise<HostileFigures> {
  const token = randomBytes(24).toString('hex')
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-hostile-'))
  const lake = await startLake(dataDir, token, 'lake-hostile', { LAKE_SEED_DIR: FIXTURES })
  const api = `${lake.url}/v2025-02-19`
  const auth = { authorization: `Bearer ${token}` }
  try {
    const publishImage = async (bytes: Buffer, holderId: string) => {
      const res = await fetch(`${api}/assets/images/production`, { method: 'POST', headers: auth, body: new Blob([new Uint8Array(bytes)]) })
      const { document } = (await res.json()) as { document: { _id: string; url: string } }
      const image = { _type: 'image', asset: { _type: 'reference', _ref: document._id } }
      await fetch(`${api}/data/mutate/production`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ mutations: [{ createOrReplace: { _id: holderId, _type: 'photoHolder', image } }] }),
      })
      return document.url
    }
    const noise = randomBytes(1600 * 1200 * 3)
    const heavyUrl = await publishImage(await sharp(noise, { raw: { width: 1600, height: 1200, channels: 3 } }).jpeg({ quality: 95 }).toBuffer(), 'photo-heavy')
    const smallUrl = await publishImage(await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c03030' } }).png().toBuffer(), 'photo-small')
    const byIdUrl = `${api}/data/query/production?query=${encodeURIComponent('*[_id == "article-one"][0].headline')}`

    const failures: string[] = []
    const queryMs: number[] = []
    const imageMs: number[] = []
    const round = async (record: boolean) => {
      let started = performance.now()
      const q = await fetch(byIdUrl, { signal: AbortSignal.timeout(10_000) })
      const body = (await q.json()) as { result?: unknown }
      if (record) queryMs.push(performance.now() - started)
      if (q.status !== 200 || body.result !== 'One') failures.push(`query ${q.status}`)
      started = performance.now()
      const img = await fetch(`${smallUrl}?w=64`, { signal: AbortSignal.timeout(10_000) })
      await img.arrayBuffer()
      if (record) imageMs.push(performance.now() - started)
      if (img.status !== 200) failures.push(`image ${img.status}`)
    }
    await round(false)

    const tsx = path.join(root, 'node_modules/tsx/dist/cli.mjs')
    const hostile = spawn(process.execPath, [tsx, path.join(FIXTURES, 'hostile-clients.ts'), lake.url, token, String(durationMs), heavyUrl], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] })
    let output = ''
    hostile.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
    try {
      const deadline = Date.now() + 30_000
      while (!output.includes('hostile clients started') && Date.now() < deadline && hostile.exitCode === null) await new Promise((r) => setTimeout(r, 50))
      await new Promise((r) => setTimeout(r, 1000))
      const until = Date.now() + durationMs - 1000
      while (Date.now() < until) {
        await round(true).catch((error: Error) => failures.push(`normal client: ${error.message}`))
        await new Promise((r) => setTimeout(r, 20))
      }
      const timer = setTimeout(() => hostile.kill('SIGKILL'), 30_000)
      await exited(hostile)
      clearTimeout(timer)
    } finally {
      await stopChild(hostile)
    }
    const summaryLine = output.split('\n').find((line) => line.startsWith('{"summary"'))
    const summary = summaryLine ? (JSON.parse(summaryLine).summary as { answers: Record<string, Record<string, number>>; unexpected: unknown[] }) : { answers: {}, unexpected: ['no summary from the hostile clients'] }
    return {
      durationMs,
      normalQueries: queryMs.length,
      queryP99Ms: percentile(queryMs, 99),
      images: imageMs.length,
      imageP99Ms: percentile(imageMs, 99),
      normalFailures: failures,
      hostileAnswers: summary.answers,
      hostileUnexpected: summary.unexpected,
    }
  } finally {
    await lake.stop()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}
