/**
 * `content import` then `content export` through the embedded lake (in-process store in a temp
 * dir) keeps every document; a second import of the export gives the same documents again.
 * An invalid file is refused before anything is written.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openLakeStore } from '@/lib/lake'
import { readNdjson, runContentCli, SEED_FILE } from './run-tsx'

jest.setTimeout(180_000)

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'content-round-trip-'))
/** Nothing listens on the discard port, so the CLI uses the lake store in-process. */
const envFor = (dataDir: string) => ({ LAKE_DATA_DIR: dataDir, LAKE_URL: 'http://127.0.0.1:9', SANITY_PROJECT_ID: '' })

/** An empty lake (the CLI refuses to create one: a lake starts with `npm run lake`). */
function lakeEnv(name: string) {
  const dataDir = path.join(tmp, name)
  if (!fs.existsSync(dataDir)) void openLakeStore(dataDir).close()
  return envFor(dataDir)
}

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

type Doc = Record<string, any>

/** A document as content: system fields dropped, `_sanityAsset` files replaced by a hash of their bytes. */
function comparable(doc: Doc, baseDir: string): Doc {
  const visit = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(visit)
    if (!value || typeof value !== 'object') return value
    const out: Doc = {}
    for (const [key, child] of Object.entries(value)) {
      if (['_rev', '_createdAt', '_updatedAt'].includes(key)) continue
      if (key === '_sanityAsset' && typeof child === 'string') {
        const file = path.resolve(baseDir, child.replace(/^image@file:\/\//, ''))
        out[key] = `sha1:${createHash('sha1').update(fs.readFileSync(file)).digest('hex')}`
      } else out[key] = visit(child)
    }
    return out
  }
  return visit(doc) as Doc
}

const byId = (docs: Doc[]) => Object.fromEntries(docs.map((doc) => [doc._id, doc]))

describe('content import → export', () => {
  it('round-trips the seed through the lake, twice', async () => {
    const first = await runContentCli(['import', SEED_FILE], lakeEnv('lake-1'))
    expect(first.stderr).toMatch(/imported 12 documents and 1 assets/)
    expect(first.code).toBe(0)

    const exportFile = path.join(tmp, 'export-1', 'data.ndjson')
    const exported = await runContentCli(['export', exportFile], lakeEnv('lake-1'))
    expect(exported.code).toBe(0)
    const seedDocs = readNdjson(SEED_FILE).map((doc) => comparable(doc, path.dirname(SEED_FILE)))
    const exportDocs = readNdjson(exportFile).map((doc) => comparable(doc, path.dirname(exportFile)))
    expect(byId(exportDocs)).toEqual(byId(seedDocs))

    const validated = await runContentCli(['validate', exportFile])
    expect(validated.code).toBe(0)

    const second = await runContentCli(['import', exportFile], lakeEnv('lake-2'))
    expect(second.code).toBe(0)
    const exportFile2 = path.join(tmp, 'export-2', 'data.ndjson')
    expect((await runContentCli(['export', exportFile2], lakeEnv('lake-2'))).code).toBe(0)
    expect(byId(readNdjson(exportFile2).map((doc) => comparable(doc, path.dirname(exportFile2))))).toEqual(byId(seedDocs))
  })

  it('creates by default, and --replace / --missing re-import over existing documents', async () => {
    const env = lakeEnv('lake-modes')
    expect((await runContentCli(['import', SEED_FILE], env)).code).toBe(0)
    const again = await runContentCli(['import', SEED_FILE], env)
    expect(again.code).not.toBe(0)
    expect(again.stderr).toMatch(/error: 12 × document already in lake store .* \(import with --replace to overwrite, or --missing to skip it\)/)
    expect((await runContentCli(['import', SEED_FILE, '--replace'], env)).code).toBe(0)
    expect((await runContentCli(['import', SEED_FILE, '--missing'], env)).code).toBe(0)
  })

  it('refuses an invalid file and writes nothing', async () => {
    const broken = path.join(tmp, 'broken.ndjson')
    const docs = readNdjson(SEED_FILE).filter((doc) => doc._type !== 'section')
    fs.writeFileSync(broken, docs.map((doc) => JSON.stringify(doc)).join('\n') + '\n')
    fs.symlinkSync(path.join(path.dirname(SEED_FILE), 'images'), path.join(tmp, 'images'))
    const env = lakeEnv('lake-refused')
    const result = await runContentCli(['import', broken], env)
    expect(result.code).not.toBe(0)
    expect(result.stderr).toMatch(/error: 5 × reference to a document in neither the file nor the target \(lake store .*\) \(e\.g\. article-erdogan-putin-moscow-talks line 6: → "section-middle-east"; article-turkey-idlib-military-operation line 7: → "section-middle-east"/)
    expect(result.stderr).toMatch(/Nothing imported/)
    const out = path.join(tmp, 'export-refused', 'data.ndjson')
    expect((await runContentCli(['export', out], env)).code).toBe(0)
    expect(readNdjson(out)).toEqual([])
  })

  it('refuses to import or export when there is no lake, and creates nothing', async () => {
    const dataDir = path.join(tmp, 'no-lake-here')
    for (const args of [['export', path.join(tmp, 'export-none', 'data.ndjson')], ['import', SEED_FILE]]) {
      const result = await runContentCli(args, envFor(dataDir))
      expect(result.code).not.toBe(0)
      expect(result.stderr).toContain('No lake found: nothing answers at http://127.0.0.1:9')
      expect(result.stderr).toContain('Nothing was created')
      expect(result.stderr).not.toMatch(/exported 0 documents/)
    }
    expect(fs.existsSync(dataDir)).toBe(false)
    expect(fs.existsSync(path.join(tmp, 'export-none'))).toBe(false)
  })
})
