/**
 * Studio's revisions of documents written before the Studio API saw any commit (the seed, an
 * imported archive): nothing is copied at start-up, yet their first state is there by revision and
 * by time, and stays there once an edit has been committed.
 */

import { openLakeStore, type LakeStore } from '../../lib/lake'
import { RevisionStore } from '../../lib/lake/studio/revisions'
import { makeTempDir, removeDir } from './helpers'

let store: LakeStore
let dataDir: string

beforeEach(async () => {
  dataDir = makeTempDir()
  store = openLakeStore(dataDir)
  await store.mutate([{ create: { _id: 'story', _type: 'article', headline: 'First' } }])
})

afterEach(async () => {
  await store.close()
  removeDir(dataDir)
})

it('reads the state of an imported document from the documents table, copying nothing at start-up', () => {
  const revisions = new RevisionStore(store.database.db)
  const first = store.getDocument('story')!
  expect(store.database.db.prepare('SELECT count(*) AS n FROM studio_revisions').get()).toEqual({ n: 0 })
  expect(revisions.byRevision('story', first._rev!)).toEqual(first)
  expect(revisions.atTime('story', first._updatedAt!)).toEqual(first)
  expect(revisions.atTime('story', '2000-01-01T00:00:00Z')).toBeNull()
  expect(revisions.lastRevision('story')).toEqual(first)
})

it('records the first state when the first commit after start-up changes the document', async () => {
  const revisions = new RevisionStore(store.database.db)
  const stop = store.onTransaction((tx) => revisions.record(tx))
  const first = store.getDocument('story')!
  await new Promise((resolve) => setTimeout(resolve, 5)) // a later _updatedAt
  await store.mutate([{ patch: { id: 'story', set: { headline: 'Second' } } }])
  stop()
  const second = store.getDocument('story')!
  expect(revisions.byRevision('story', first._rev!)).toEqual(first)
  expect(revisions.byRevision('story', second._rev!)).toEqual(second)
  expect(revisions.atTime('story', first._updatedAt!)).toEqual(first)
  expect(revisions.atTime('story', second._updatedAt!)).toMatchObject({ headline: 'Second' })
})
