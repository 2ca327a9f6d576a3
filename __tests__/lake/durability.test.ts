/**
 * Durability: a restart keeps everything; a kill -9 in the middle of a write loop loses no
 * acknowledged transaction and leaves no half-applied one.
 */

import path from 'node:path'
import { spawnTsx, type SpawnedProcess } from './child-process'
import { lakeClient, makeTempDir, removeDir, startTestLake, TOKEN } from './helpers'

jest.setTimeout(60000)

const dirs: string[] = []
const processes: SpawnedProcess[] = []

afterAll(async () => {
  for (const p of processes) await p.kill('SIGKILL')
  dirs.forEach(removeDir)
})

async function spawnLake(dataDir: string): Promise<{ proc: SpawnedProcess; url: string }> {
  const proc = spawnTsx('scripts/lake.ts', [], {
    LAKE_PORT: '0',
    LAKE_DATA_DIR: dataDir,
    LAKE_SEED_DIR: path.join(dataDir, 'no-seed'),
    SANITY_API_TOKEN: TOKEN,
  })
  processes.push(proc)
  const line = await proc.waitForLine(/^lake listening on /)
  return { proc, url: line.replace('lake listening on ', '').trim() }
}

it('keeps documents, drafts and history across a restart', async () => {
  const { lake, dataDir } = await startTestLake()
  dirs.push(dataDir)
  const editor = lakeClient(lake.url, { token: TOKEN })
  await editor.create({ _id: 'persist-1', _type: 'note', v: 1 })
  await editor.create({ _id: 'drafts.persist-1', _type: 'note', v: 2 })
  const count = await editor.fetch('count(*)', {}, { perspective: 'raw' })
  await lake.close()

  const again = await startTestLake({ dataDir })
  try {
    const client = lakeClient(again.lake.url, { token: TOKEN })
    expect(await client.fetch('count(*)', {}, { perspective: 'raw' })).toBe(count)
    expect(await client.getDocument('drafts.persist-1')).toMatchObject({ v: 2 })
    expect(again.lake.store.historyOf('persist-1')).toHaveLength(1)
  } finally {
    await again.lake.close()
  }
})

it('loses no acknowledged mutation when killed with SIGKILL mid-write', async () => {
  const dataDir = makeTempDir()
  dirs.push(dataDir)
  const first = await spawnLake(dataDir)
  const client = lakeClient(first.url, { token: TOKEN })

  const acknowledged: number[] = []
  let killed = false
  const started = Date.now()
  const writer = (async () => {
    for (let i = 0; i < 2000 && Date.now() - started < 15000; i++) {
      try {
        await client
          .transaction()
          .create({ _id: `pair-${i}-a`, _type: 'pair', n: i, payload: 'x'.repeat(2000) })
          .create({ _id: `pair-${i}-b`, _type: 'pair', n: i })
          .commit({ visibility: 'sync' })
        acknowledged.push(i)
      } catch {
        if (killed) return
        throw new Error(`write ${i} failed before the kill`)
      }
    }
  })()
  // Kill once a fair number of writes went through, while the loop keeps writing.
  while (acknowledged.length < 30 && Date.now() - started < 10000) await new Promise((r) => setTimeout(r, 5))
  killed = true
  await first.proc.kill('SIGKILL')
  await writer
  expect(acknowledged.length).toBeGreaterThanOrEqual(30)
  expect(acknowledged.length).toBeLessThan(2000) // the loop really was cut short by the kill

  const second = await spawnLake(dataDir)
  try {
    const reader = lakeClient(second.url, { token: TOKEN })
    const stored = await reader.fetch<string[]>('*[_type == "pair"]._id', {}, { perspective: 'raw' })
    const present = new Set(stored)
    for (const i of acknowledged) {
      expect(present.has(`pair-${i}-a`) && present.has(`pair-${i}-b`)).toBe(true)
    }
    const ns = new Set(stored.map((id) => Number(id.split('-')[1])))
    for (const n of ns) expect(present.has(`pair-${n}-a`) && present.has(`pair-${n}-b`)).toBe(true)
    expect(ns.size - acknowledged.length).toBeLessThanOrEqual(1) // at most the one in flight
  } finally {
    await second.proc.kill('SIGTERM')
  }
})
