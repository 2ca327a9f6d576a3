/**
 * The bulk import on two threads (`import-ahead.ts`): a worker reads the file and computes each
 * document's index rows while the writer commits. It must leave exactly the lake the single-thread
 * import leaves (documents, reference rows, asset rows, search keys and every FTS5 token of every
 * document), fail with the same messages, and keep ADR 0015's batch semantics.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { importNdjson, openLakeStore, type LakeStore } from '@/lib/lake'
import { indexRowsAhead } from '@/lib/lake/index-rows-ahead'
import { archiveArticle, archiveSection, ARCHIVE_SECTIONS } from '@/bench/archive-data'

jest.setTimeout(120_000)

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'import-worker-'))
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

const SEED = path.resolve(__dirname, '../../content/data.ndjson')

function writeLines(name: string, lines: string[]): string {
  const file = path.join(tmp, name)
  fs.writeFileSync(file, `${lines.join('\n')}\n`)
  return file
}

/** The archive, the seed (with its image file), and documents at the edges of the search index. */
function corpusFile(): string {
  const count = 700
  const docs: unknown[] = [...Array.from({ length: ARCHIVE_SECTIONS }, (_, s) => archiveSection(s)), ...Array.from({ length: count }, (_, i) => archiveArticle(i, count))]
  docs.splice(300, 0, { _id: 'edge-score', _type: 'note', _score: 3, title: 'Scored ZÜRICH straße ſ µ' })
  docs.splice(301, 0, { _id: 'edge-new-key', _type: 'note', brandNewField: 'Kraków U.S. don\'t x=y', nested: { deep: [{ _key: 'a', text: 'Київ 🎉 ς σ' }] } })
  const seed = fs.readFileSync(SEED, 'utf8').trim().split('\n')
  const file = writeLines('corpus.ndjson', [...seed, ...docs.map((doc) => JSON.stringify(doc))])
  fs.cpSync(path.join(path.dirname(SEED), 'images'), path.join(tmp, 'images'), { recursive: true })
  return file
}

/** Everything the import writes, without what differs by transaction (revisions, times, rowids of history). */
function lakeContents(store: LakeStore): Record<string, unknown[]> {
  const db = store.database.db
  db.exec('CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocab USING fts5vocab(main, search_fts, instance)')
  const unstamped = (body: string) => {
    const { _rev, _createdAt, _updatedAt, ...rest } = JSON.parse(body) as Record<string, unknown>
    return { ...rest, stamped: [typeof _rev, typeof _createdAt, typeof _updatedAt] }
  }
  return {
    documents: (db.prepare('SELECT id, type, slug_current, body FROM documents ORDER BY id').all() as { body: string }[]).map((row) => ({ ...row, body: unstamped(row.body) })),
    refs: db.prepare('SELECT * FROM document_refs ORDER BY target_id, path, source_id').all(),
    assetRefs: db.prepare('SELECT * FROM asset_refs ORDER BY asset_id, source_id').all(),
    keys: db.prepare('SELECT key, code FROM search_keys ORDER BY code').all(),
    tokens: db.prepare('SELECT search_ids.id, v.term FROM temp.search_vocab v JOIN search_ids ON search_ids.rowid = v.doc ORDER BY 1, 2').all(),
    history: db.prepare('SELECT document_id, previous_rev, result_rev IS NOT NULL AS written, identity FROM mutation_history ORDER BY document_id').all(),
  }
}

async function importInto(name: string, file: string, worker: boolean, opts: { batchSize?: number } = {}) {
  const store = openLakeStore(path.join(tmp, name))
  const search = store.database.search
  const tokensOf = search.tokensOf.bind(search)
  let tokenizedByWriter = 0
  search.tokensOf = (doc) => {
    tokenizedByWriter++
    return tokensOf(doc)
  }
  const result = await importNdjson(store, file, { ...opts, worker })
  return { store, result, tokenizedByWriter }
}

describe('the import worker', () => {
  it('leaves the lake the single-thread import leaves, token for token', async () => {
    const file = corpusFile()
    const one = await importInto('one-thread', file, false, { batchSize: 97 })
    const two = await importInto('two-threads', file, true, { batchSize: 97 })
    try {
      expect(two.result).toEqual(one.result)
      expect(one.tokenizedByWriter).toBe(one.result.documents + one.result.assets)
      // The writer indexes documents with keys it has not numbered yet when their batch is
      // prepared (the first two batches; a key first met later: its batch and the next), with an
      // image file, and assets; the worker the rest.
      expect(two.tokenizedByWriter).toBeLessThan(one.tokenizedByWriter / 2)

      const [a, b] = [lakeContents(one.store), lakeContents(two.store)]
      expect(a.tokens.length).toBeGreaterThan(10_000)
      expect(b).toEqual(a)
      // The text FTS5 got is the writer's own: the same string, byte for byte, for every document.
      const codes = new Map(two.store.database.search.keyCodes())
      for (const row of two.store.database.pagedRows(500)) {
        const doc = JSON.parse(row.body)
        expect(indexRowsAhead(doc, codes).search?.tokens).toBe(two.store.database.search.tokensOf(doc))
      }
      // The bulk load's settings are undone.
      expect(two.store.database.db.prepare("SELECT v FROM search_fts_config WHERE k = 'automerge'").pluck().get() ?? 4).toBe(4)
    } finally {
      await Promise.all([one.store.close(), two.store.close()])
    }
  })

  it('indexes with the writer\'s key codes when the worker assumed others', async () => {
    const store = openLakeStore(path.join(tmp, 'codes'))
    try {
      const doc = { _id: 'n', _type: 'note', headline: 'Kremlin talks', title: 'Moscow' }
      await store.mutate([{ create: doc }])
      const expected = store.database.search.tokensOf(doc)
      store.database.transaction(() => store.database.search.write('n', doc, { tokens: '1\uE100WRONG', keys: [['headline', 999]] }))
      const vocab = () => {
        store.database.db.exec('CREATE VIRTUAL TABLE IF NOT EXISTS temp.v USING fts5vocab(main, search_fts, row)')
        return store.database.db.prepare('SELECT term FROM temp.v ORDER BY term').pluck().all()
      }
      expect(vocab()).toEqual(expected.toLowerCase().split(' ').sort()) // FTS5's ascii tokenizer folds ASCII case
    } finally {
      await store.close()
    }
  })

  it.each([true, false])('names a malformed line and keeps the batches before it (worker: %s)', async (worker) => {
    const file = writeLines(`malformed-${worker}.ndjson`, ['{"_id":"a","_type":"note"}', '{"_id":"b","_type":"note"}', '', '{"_id":"c",', '{"_id":"d","_type":"note"}'])
    const store = openLakeStore(path.join(tmp, `malformed-${worker}`))
    try {
      await expect(importNdjson(store, file, { batchSize: 2, worker })).rejects.toThrow(/^Line 4: invalid JSON \(.*\); 2 documents before it were written \(1 batch\)$/)
      expect((await store.query('*[_type == "note"]._id', {})).result).toEqual(['a', 'b'])
      const notObject = writeLines(`array-${worker}.ndjson`, ['[1]'])
      await expect(importNdjson(store, notObject, { worker })).rejects.toThrow(/^Line 1: not a document; nothing was written$/)
      await expect(importNdjson(store, path.join(tmp, 'absent.ndjson'), { worker })).rejects.toThrow(/ENOENT: no such file or directory/)
    } finally {
      await store.close()
    }
  })

  it('stops at a failing batch with the same message, earlier batches written, and completes with --missing', async () => {
    const store = openLakeStore(path.join(tmp, 'taken'))
    try {
      await store.mutate([{ create: { _id: 'taken', _type: 'note', title: 'first' } }])
      const docs = ['note-1', 'note-2', 'taken', 'note-3', 'note-4'].map((id) => JSON.stringify({ _id: id, _type: 'note', title: `title of ${id}` }))
      const file = writeLines('taken.ndjson', docs)
      await expect(importNdjson(store, file, { batchSize: 2, worker: true })).rejects.toThrow(
        /^Import stopped at lines 3–4: .*already exists.*\. 2 documents before it were written \(1 batch\); import again with --missing to add the rest\.$/,
      )
      expect((await store.query('*[_type == "note"]._id', {})).result).toEqual(['note-1', 'note-2', 'taken'])
      expect(await importNdjson(store, file, { batchSize: 2, mode: 'missing', worker: true })).toEqual({ documents: 5, assets: 0, batches: 3 })
      // The document kept is the lake's, indexed as itself (not as the file's line of the same id).
      expect((await store.query('*[title match "first"]._id', {})).result).toEqual(['taken'])
      expect((await store.query('*[title match "title"]._id | order(@)', {})).result).toEqual(['note-1', 'note-2', 'note-3', 'note-4'])
    } finally {
      await store.close()
    }
  })

  it('indexes the document a batch writes when one id is on two of its lines', async () => {
    const file = writeLines('twice.ndjson', [JSON.stringify({ _id: 'x', _type: 'note', title: 'alpha' }), JSON.stringify({ _id: 'x', _type: 'note', title: 'beta' })])
    for (const mode of ['replace', 'missing'] as const) {
      const store = openLakeStore(path.join(tmp, `twice-${mode}`))
      try {
        await importNdjson(store, file, { mode, worker: true })
        const expected = mode === 'replace' ? 'beta' : 'alpha'
        expect((await store.query('*[_id == "x"][0].title', {})).result).toBe(expected)
        expect((await store.query('*[title match $w]._id', { w: expected })).result).toEqual(['x'])
        expect((await store.query('count(*[title match "alpha" || title match "beta"])', {})).result).toBe(1)
      } finally {
        await store.close()
      }
    }
  })
})
