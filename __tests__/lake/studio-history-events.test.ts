/**
 * Document history as Studio 5.31's events-based timeline reads it, over the lake's HTTP API:
 * two editors edit → publish → edit → unpublish → restore through the Actions API, and then
 * - `events/documents/<published id>` and `<draft id>` list the publish/unpublish/create events
 *   (Studio's type names and fields) with author and time, newest first, paged;
 * - from the newest event's `versionRevisionId` the transaction log gives the later edits (how
 *   Studio makes its "Edited" rows) with mendoza effects;
 * - documents come back by revision and by time, "Review changes" between two revisions replays
 *   to exactly the later revision, and restoring an old revision (as Studio does it) works;
 * - discarding a draft and deleting a document are their own events, and a deleted document is
 *   restored from its last revision.
 */

import { applyPatch } from 'mendoza'
import type { RunningLakeServer } from '../../lib/lake'
import { removeDir, startTestLake } from './helpers'
import { addEditor, apiUrl, request } from './studio-support'

const ID = 'hist-story'
const DRAFT = `drafts.${ID}`

let lake: RunningLakeServer
let dataDir: string
let ada: ReturnType<typeof addEditor>
let bob: ReturnType<typeof addEditor>
const times: Record<string, string> = {}

type Doc = Record<string, unknown> & { _id: string; _rev: string }
type Tx = { id: string; author: string; timestamp: string; effects: Record<string, { apply: unknown[]; revert: unknown[] }> }

async function act(token: string, transactionId: string, actions: object[]): Promise<void> {
  const reply = await request(apiUrl(lake, 'data/actions/production'), { method: 'POST', token, body: { actions, transactionId } })
  expect({ transactionId, status: reply.status }).toEqual({ transactionId, status: 200 })
  times[transactionId] = lake.store.historyOf(ID).concat(lake.store.historyOf(DRAFT)).find((row) => row.transactionId === transactionId)!.timestamp
}

async function getJson(path: string, token = ada.token): Promise<any> {
  const reply = await request(apiUrl(lake, path), { token })
  expect({ path, status: reply.status }).toEqual({ path, status: 200 })
  return reply.json()
}

async function transactions(ids: string, query: string): Promise<Tx[]> {
  const reply = await request(apiUrl(lake, `data/history/production/transactions/${ids}?effectFormat=mendoza&excludeContent=true&includeIdentifiedDocumentsOnly=true&${query}`), { token: ada.token })
  expect(reply.status).toBe(200)
  return reply.text.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Tx)
}

const atRevision = async (ids: string, revision: string): Promise<Doc[]> => (await getJson(`data/history/production/documents/${ids}?revision=${revision}`)).documents
const withoutRev = ({ _rev: _ignored, ...rest }: Doc) => rest
const draftCreated = (transactionId: string, author: string) => ({
  type: 'createDocumentVersion',
  documentId: ID,
  author,
  timestamp: times[transactionId],
  releaseId: '',
  versionId: DRAFT,
  versionRevisionId: transactionId,
})
const edit = (set: Record<string, unknown>) => ({ actionType: 'sanity.action.document.edit', draftId: DRAFT, publishedId: ID, patch: { set } })

beforeAll(async () => {
  ;({ lake, dataDir } = await startTestLake({ seed: false }))
  ada = addEditor(lake, 'Ada Editor')
  bob = addEditor(lake, 'Bob Editor')
  await act(ada.token, 'h1-create', [{ actionType: 'sanity.action.document.create', publishedId: ID, attributes: { _id: DRAFT, _type: 'article', headline: 'One' } }])
  await act(ada.token, 'h2-edit', [edit({ headline: 'Two' })])
  await act(bob.token, 'h3-edit', [edit({ dek: 'Bob was here' })])
  await act(ada.token, 'h4-publish', [{ actionType: 'sanity.action.document.publish', draftId: DRAFT, publishedId: ID }])
  await act(bob.token, 'h5-edit', [edit({ headline: 'Five' })])
  await act(ada.token, 'h6-unpublish', [{ actionType: 'sanity.action.document.unpublish', draftId: DRAFT, publishedId: ID }])
})

afterAll(async () => {
  await lake.close()
  removeDir(dataDir)
})

describe('document events from the transaction log', () => {
  const publishEvent = () => ({
    type: 'publishDocumentVersion',
    documentId: ID,
    author: ada.id,
    timestamp: times['h4-publish'],
    releaseId: '',
    versionId: DRAFT,
    revisionId: 'h4-publish',
    versionRevisionId: 'h3-edit',
    publishCause: 'document.publish',
    contributors: [ada.id, bob.id],
  })
  const unpublishEvent = () => ({ type: 'unpublishDocument', documentId: ID, author: ada.id, timestamp: times['h6-unpublish'], releaseId: '', versionId: DRAFT, versionRevisionId: 'h5-edit' })
  it('the published timeline: unpublish and publish, newest first, with author and time', async () => {
    expect(await getJson(`data/history/production/events/documents/${ID}?limit=100`)).toEqual({
      events: { [ID]: [unpublishEvent(), publishEvent()] },
      nextCursor: '',
    })
  })

  it('the draft timeline: draft created, published, created again by a second editor, unpublished', async () => {
    expect(await getJson(`data/history/production/events/documents/${DRAFT}?limit=100`)).toEqual({
      events: { [DRAFT]: [unpublishEvent(), draftCreated('h5-edit', bob.id), publishEvent(), draftCreated('h1-create', ada.id)] },
      nextCursor: '',
    })
  })

  it('pages with limit and nextCursor, and refuses a bad limit, cursor, id or caller', async () => {
    const first = await getJson(`data/history/production/events/documents/${DRAFT}?limit=3`)
    expect(first.events[DRAFT].map((e: { type: string }) => e.type)).toEqual(['unpublishDocument', 'createDocumentVersion', 'publishDocumentVersion'])
    expect(first.nextCursor).not.toBe('')
    const second = await getJson(`data/history/production/events/documents/${DRAFT}?limit=3&nextCursor=${first.nextCursor}`)
    expect(second).toEqual({ events: { [DRAFT]: [draftCreated('h1-create', ada.id)] }, nextCursor: '' })
    for (const query of ['limit=0', 'limit=x', 'nextCursor=abc', 'nextCursor=-4']) {
      expect((await request(apiUrl(lake, `data/history/production/events/documents/${DRAFT}?${query}`), { token: ada.token })).status).toBe(400)
    }
    expect((await request(apiUrl(lake, 'data/history/production/events/documents/bad..id'), { token: ada.token })).status).toBe(400)
    expect((await request(apiUrl(lake, `data/history/production/events/documents/${DRAFT}`))).status).toBe(401)
    expect(await getJson('data/history/production/events/documents/never-written')).toEqual({ events: { 'never-written': [] }, nextCursor: '' })
  })

  it("Studio's Edited rows: the transaction log from the newest event's versionRevisionId, with effects", async () => {
    const log = await transactions(DRAFT, 'fromTransaction=h5-edit&limit=50')
    expect(log.map((tx) => tx.id)).toEqual(['h5-edit']) // the unpublish left the draft alone: no edits since
    const beforePublish = await transactions(DRAFT, 'fromTransaction=h1-create&toTransaction=h3-edit&limit=50')
    expect(beforePublish.map((tx) => [tx.id, tx.author])).toEqual([['h1-create', ada.id], ['h2-edit', ada.id], ['h3-edit', bob.id]])
  })
})

describe('revisions, review changes and restore', () => {
  it('a revision by id and by time, for the published and the draft document', async () => {
    expect(await atRevision(`${ID},${DRAFT}`, 'h4-publish')).toEqual([expect.objectContaining({ _id: ID, _rev: 'h4-publish', headline: 'Two', dek: 'Bob was here' })])
    expect(await atRevision(`${ID},${DRAFT}`, 'h2-edit')).toEqual([expect.objectContaining({ _id: DRAFT, _rev: 'h2-edit', headline: 'Two' })])
    const byTime = await getJson(`data/history/production/documents/${DRAFT}?time=${encodeURIComponent(times['h2-edit'])}`)
    // The last revision at or before that time (h3 may share h2's millisecond).
    expect(['h2-edit', 'h3-edit']).toContain(byTime.documents[0]._rev)
    expect((await getJson(`data/history/production/documents/${ID}?time=${encodeURIComponent(times['h6-unpublish'])}`)).documents).toEqual([])
    for (const query of ['revision=', 'time=yesterday']) {
      expect((await request(apiUrl(lake, `data/history/production/documents/${DRAFT}?${query}`), { token: ada.token })).status).toBe(400)
    }
  })

  it('review changes between two revisions: replaying the effects from the earlier gives exactly the later one', async () => {
    for (const [from, to] of [['h1-create', 'h3-edit'], ['h2-edit', 'h3-edit'], ['h1-create', 'h2-edit']]) {
      const [since] = await atRevision(DRAFT, from)
      const [target] = await atRevision(DRAFT, to)
      // As Studio's calculateDiff: start from the earlier revision without _rev, apply each later transaction's effect.
      const later = (await transactions(DRAFT, `fromTransaction=${from}&toTransaction=${to}&limit=50`)).filter((tx) => tx.id !== from)
      const replayed = later.reduce((doc, tx) => applyPatch(doc, tx.effects[DRAFT].apply), withoutRev(since))
      expect({ from, to, doc: replayed }).toEqual({ from, to, doc: withoutRev(target) })
    }
    // The published document between its publish and its unpublish.
    const published = await transactions(ID, 'fromTransaction=h4-publish&toTransaction=h6-unpublish&limit=50')
    expect(published.map((tx) => tx.id)).toEqual(['h4-publish', 'h6-unpublish'])
    expect(published[1].effects[ID].apply).toEqual([0, null])
  })

  it("restore: Studio's replaceDraft of an old revision makes the draft that revision again, and the timeline shows it as an edit", async () => {
    const [old] = await atRevision(`${ID},${DRAFT}`, 'h2-edit')
    const { _updatedAt: _ignored, ...restored } = old
    await act(ada.token, 'h7-restore', [{ actionType: 'sanity.action.document.replaceDraft', publishedId: ID, attributes: { ...restored, _id: DRAFT } }])
    const draft = lake.store.getDocument(DRAFT)!
    expect(draft).toMatchObject({ _rev: 'h7-restore', headline: 'Two' })
    expect(draft.dek).toBeUndefined()
    const newest = (await getJson(`data/history/production/events/documents/${DRAFT}`)).events[DRAFT][0]
    expect(newest.type).toBe('unpublishDocument') // the restore is an edit of the existing draft, not an event
    const edits = (await transactions(DRAFT, `fromTransaction=${newest.versionRevisionId}&limit=50`)).filter((tx) => tx.id !== newest.versionRevisionId)
    expect(edits.map((tx) => [tx.id, tx.author])).toEqual([['h7-restore', ada.id]])
    expect(applyPatch(withoutRev((await atRevision(DRAFT, 'h5-edit'))[0]), edits[0].effects[DRAFT].apply)).toEqual(withoutRev(draft as Doc))
  })

  it('discarding a draft and deleting the document are their own events', async () => {
    await act(ada.token, 'h8-publish', [{ actionType: 'sanity.action.document.publish', draftId: DRAFT, publishedId: ID }])
    await act(bob.token, 'h9-edit', [edit({ headline: 'Nine' })])
    await act(bob.token, 'h10-discard', [{ actionType: 'sanity.action.document.discard', draftId: DRAFT }])
    await act(ada.token, 'h11-delete', [{ actionType: 'sanity.action.document.delete', publishedId: ID, includeDrafts: [DRAFT] }])
    const draftTimeline = (await getJson(`data/history/production/events/documents/${DRAFT}`)).events[DRAFT]
    expect(draftTimeline.slice(0, 4)).toEqual([
      { type: 'deleteDocumentGroup', documentId: ID, author: ada.id, timestamp: times['h11-delete'] },
      { type: 'deleteDocumentVersion', documentId: ID, author: bob.id, timestamp: times['h10-discard'], releaseId: '', versionId: DRAFT, versionRevisionId: 'h10-discard' },
      draftCreated('h9-edit', bob.id),
      expect.objectContaining({ type: 'publishDocumentVersion', revisionId: 'h8-publish', versionRevisionId: 'h7-restore' }),
    ])
    const publishedTimeline = (await getJson(`data/history/production/events/documents/${ID}`)).events[ID]
    expect(publishedTimeline.map((e: { type: string }) => e.type)).toEqual(['deleteDocumentGroup', 'publishDocumentVersion', 'unpublishDocument', 'publishDocumentVersion'])
    // The deleted document's last revision is still there, and Studio restores it as it does a
    // deleted document: create the draft (failing if someone else did) and replace it, in one request.
    const lastRevisions: Doc[] = (await getJson(`data/history/production/documents/${ID},${DRAFT}?lastRevision=true`)).documents
    const last = lastRevisions.find((doc) => doc._id === ID)!
    expect(last).toMatchObject({ _rev: 'h8-publish', headline: 'Two' })
    const { _updatedAt: _ignored, ...attributes } = { ...last, _id: DRAFT } as Doc
    await act(ada.token, 'h12-restore', [
      { actionType: 'sanity.action.document.create', publishedId: ID, attributes, ifExists: 'fail' },
      { actionType: 'sanity.action.document.replaceDraft', publishedId: ID, attributes },
    ])
    expect(lake.store.getDocument(DRAFT)).toMatchObject({ _rev: 'h12-restore', headline: 'Two' })
    expect((await getJson(`data/history/production/events/documents/${DRAFT}?limit=1`)).events[DRAFT]).toEqual([draftCreated('h12-restore', ada.id)])
  })
})
