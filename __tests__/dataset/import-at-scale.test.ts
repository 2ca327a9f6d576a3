/**
 * `content import` as issue 19 asks for it: references resolve against the file AND the target,
 * problems are reported one line per kind (counts and a few examples), a malformed line is named
 * precisely and nothing is written, progress shows a rate, and the write goes in batches whose
 * semantics (all or nothing each; earlier batches stay) are what ADR 0015 says.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { importNdjson, openLakeStore } from '@/lib/lake'
import { archiveArticle, archiveSection, ARCHIVE_SECTIONS } from '@/bench/archive-data'
import { runContentCli, SEED_FILE } from './run-tsx'

jest.setTimeout(240_000)

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'content-import-'))
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

/** A lake with only the seed's agencies, legal notice and settings (what archived stories refer to). */
async function lakeWithSeedBasics(name: string): Promise<{ env: Record<string, string>; dataDir: string }> {
  const dataDir = path.join(tmp, name)
  const store = openLakeStore(dataDir)
  const basics = fs.readFileSync(SEED_FILE, 'utf8').trim().split('\n').map((line) => JSON.parse(line)).filter((doc) => ['agency', 'legalNotice', 'siteSettings'].includes(doc._type))
  await store.mutate(basics.map((doc) => ({ create: doc })))
  await store.close()
  return { dataDir, env: { LAKE_DATA_DIR: dataDir, LAKE_URL: 'http://127.0.0.1:9', SANITY_PROJECT_ID: '' } }
}

function writeFile(name: string, docs: unknown[], extraLines: Record<number, string> = {}): string {
  const file = path.join(tmp, name)
  const lines = docs.map((doc) => JSON.stringify(doc))
  for (const [at, text] of Object.entries(extraLines)) lines.splice(Number(at), 0, text)
  fs.writeFileSync(file, `${lines.join('\n')}\n`)
  return file
}

function storedCount(dataDir: string, type: string): number {
  const store = openLakeStore(dataDir)
  try {
    return store.database.queries.count({ sql: 'type = ?', params: [type] })
  } finally {
    void store.close()
  }
}

const archive = (count: number) => [...Array.from({ length: ARCHIVE_SECTIONS }, (_, s) => archiveSection(s)), ...Array.from({ length: count }, (_, i) => archiveArticle(i, count))]

describe('content import at scale', () => {
  it('imports stories whose references point at documents already in the lake, with progress and rate', async () => {
    const { env, dataDir } = await lakeWithSeedBasics('resolves-in-lake')
    const file = writeFile('archive.ndjson', archive(1200))
    const result = await runContentCli(['import', file], env)
    expect(result.stderr).toMatch(/0 error\(s\)/)
    expect(result.code).toBe(0)
    expect(result.stderr).toMatch(/writing: 1,220 documents in [\d.]+ s \([\d,]+ docs\/s\)/)
    expect(result.stderr).toMatch(/imported 1220 documents and 0 assets/)
    expect(storedCount(dataDir, 'article')).toBe(1200)
  })

  it('refuses references missing from both the file and the lake with one line per kind, and writes nothing', async () => {
    const { env, dataDir } = await lakeWithSeedBasics('missing-in-both')
    const docs = archive(300).filter((doc) => doc._id !== 'archive-section-3')
    const result = await runContentCli(['import', writeFile('missing.ndjson', docs)], env)
    expect(result.code).not.toBe(0)
    const lines = result.stderr.split('\n').filter((line) => line.startsWith('error:'))
    expect(lines).toHaveLength(1) // 15 stories, one kind of problem: one line
    expect(lines[0]).toMatch(/^error: 15 × reference to a document in neither the file nor the target \(lake store .*\) \(e\.g\. archive-article-3 line 23: → "archive-section-3"; .*; …\)$/)
    expect(result.stderr).toMatch(/Nothing imported/)
    expect(storedCount(dataDir, 'article')).toBe(0)
  })

  it('names a malformed line precisely, counts other problems by kind, and writes nothing', async () => {
    const { env, dataDir } = await lakeWithSeedBasics('malformed')
    const docs = archive(200)
    docs[40] = { ...docs[40], headline: '' } // the model refuses an empty headline
    docs[41] = { ...docs[41], headline: '' }
    docs[50] = { ...docs[50], _id: docs[49]._id } // duplicate id
    const file = writeFile('malformed.ndjson', docs, { 120: '{"_id": "broken", "_type": "article", ' })
    const result = await runContentCli(['import', file], env)
    expect(result.code).not.toBe(0)
    expect(result.stderr).toMatch(/error: 1 × line is not a document: malformed JSON \(e\.g\. line 121: malformed JSON \(/)
    expect(result.stderr).toMatch(/error: 2 × article headline: .* \(e\.g\. archive-article-20 line 41: headline; archive-article-21 line 42: headline\)/)
    expect(result.stderr).toMatch(/error: 1 × duplicate _id \(e\.g\. archive-article-29 line 51: also on line 50\)/)
    expect(result.stderr).toMatch(/Nothing imported/)
    expect(storedCount(dataDir, 'article')).toBe(0)
  })

  it('reports the seed round trip as before: twelve documents and the lead image', async () => {
    const dataDir = path.join(tmp, 'seed')
    await openLakeStore(dataDir).close()
    const result = await runContentCli(['import', SEED_FILE], { LAKE_DATA_DIR: dataDir, LAKE_URL: 'http://127.0.0.1:9', SANITY_PROJECT_ID: '' })
    expect(result.code).toBe(0)
    expect(result.stderr).toMatch(/imported 12 documents and 1 assets/)
  })
})

describe('the lake import writes in batches, one transaction each', () => {
  const ndjson = (docs: unknown[]) => Readable.from([docs.map((doc) => JSON.stringify(doc)).join('\n')])

  it('keeps the batches written before a failing one and says which lines failed and how to finish', async () => {
    const dataDir = path.join(tmp, 'batches')
    const store = openLakeStore(dataDir)
    try {
      await store.mutate([{ create: { _id: 'taken', _type: 'note' } }])
      const docs = [1, 2, 3, 4].map((n) => ({ _id: `note-${n}`, _type: 'note' }))
      docs.splice(3, 0, { _id: 'taken', _type: 'note' }) // lines 1-2: batch 1; lines 3-4: batch 2 (fails); line 5: never read
      await expect(importNdjson(store, ndjson(docs), { batchSize: 2 })).rejects.toThrow(
        /^Import stopped at lines 3–4: .*already exists.*\. 2 documents before it were written \(1 batch\); import again with --missing to add the rest\.$/,
      )
      expect((await store.query('*[_type == "note"]._id', {})).result).toEqual(['note-1', 'note-2', 'taken'])
      const again = await importNdjson(store, ndjson(docs), { batchSize: 2, mode: 'missing' })
      expect(again).toEqual({ documents: 5, assets: 0, batches: 3 })
      expect((await store.query('count(*[_type == "note"])', {})).result).toBe(5)
    } finally {
      await store.close()
    }
  })

  it('refuses a malformed line by number, writing only the batches before it', async () => {
    const dataDir = path.join(tmp, 'malformed-batches')
    const store = openLakeStore(dataDir)
    try {
      const lines = Readable.from(['{"_id":"a","_type":"note"}\n{"_id":"b","_type":"note"}\n{"_id":"c",\n{"_id":"d","_type":"note"}\n'])
      await expect(importNdjson(store, lines, { batchSize: 2 })).rejects.toThrow(/^Line 3: invalid JSON \(.*\); 2 documents before it were written \(1 batch\)$/)
      expect((await store.query('*[_type == "note"]._id', {})).result).toEqual(['a', 'b'])
    } finally {
      await store.close()
    }
  })
})
