/**
 * Contract: the listen events for one story's draft and published ids through edit → publish →
 * edit by a second editor → publish → unpublish → publish with typing in flight, checked two ways:
 * 1. the raw events obey the chaining rule of Studio's listener sequencer, per document: the
 *    first event's previousRev is the revision the document had, each next previousRev is the
 *    previous resultRev, a document that disappears carries resultRev = its transaction id and
 *    the next appearance has no previousRev; every transaction's events are numbered 1..n of n;
 * 2. Studio's own pair listener (`getPairListener` from `sanity`, in a child process) lets every
 *    event through in order, without an out-of-sync recovery, and applying their mendoza effects
 *    the way Studio does (and its buffered document's replay of the events' `mutations`) gives
 *    exactly the lake's documents after every step (so a tab's Draft chip and Publish button
 *    follow a publish or unpublish at once).
 */

import type { RunningLakeServer } from '../../lib/lake'
import { spawnTsx, type SpawnedProcess } from './child-process'
import { removeDir, startTestLake, waitFor } from './helpers'
import { addEditor, apiUrl, openListen, request } from './studio-support'

const ID = 'seq-story'
const DRAFT = `drafts.${ID}`

let lake: RunningLakeServer
let dataDir: string
let first: ReturnType<typeof addEditor>
let second: ReturnType<typeof addEditor>
let probe: SpawnedProcess
let raw: { events: Record<string, unknown>[]; close: () => void }

beforeAll(async () => {
  ;({ lake, dataDir } = await startTestLake({ seed: false }))
  first = addEditor(lake, 'First Editor')
  second = addEditor(lake, 'Second Editor')
  const query = encodeURIComponent(`*[_id in ["${ID}", "${DRAFT}"]]`)
  raw = await openListen(apiUrl(lake, `data/listen/production?query=${query}&effectFormat=mendoza&includeResult=false`), first.token)
  probe = spawnTsx('__tests__/lake/fixtures/studio-pair-probe.ts', [lake.url, first.token, ID])
  await probe.waitForLine(new RegExp(`"type":"snapshot","documentId":"${ID}"`), 60_000)
  await probe.waitForLine(new RegExp(`"type":"snapshot","documentId":"${DRAFT}"`), 60_000)
}, 90_000)

afterAll(async () => {
  raw?.close()
  await probe?.kill()
  await lake.close()
  removeDir(dataDir)
})

type ProbeMutation = { type: 'mutation'; documentId: string; transition: string; previousRev: string | null; resultRev: string | null; transactionId: string; inSync: boolean; document: Record<string, unknown> | null; viaMutations: Record<string, unknown> | null | string }

function probeMutations(): ProbeMutation[] {
  return probe.lines.map((line) => JSON.parse(line) as { type: string }).filter((e): e is ProbeMutation => e.type === 'mutation')
}

async function act(token: string, transactionId: string, actions: object[]): Promise<void> {
  const reply = await request(apiUrl(lake, 'data/actions/production'), { method: 'POST', token, body: { actions, transactionId } })
  expect({ transactionId, status: reply.status, body: reply.json() }).toEqual({ transactionId, status: 200, body: { transactionId } })
}

const edit = (headline: string) => ({ actionType: 'sanity.action.document.edit', draftId: DRAFT, publishedId: ID, patch: { set: { headline } } })
const publish = { actionType: 'sanity.action.document.publish', draftId: DRAFT, publishedId: ID }
const unpublish = { actionType: 'sanity.action.document.unpublish', draftId: DRAFT, publishedId: ID }

/** Waits until Studio's pair listener has let through `transactionId`'s events for `ids`; checks what it shows. */
async function expectStudioFollows(transactionId: string, ids: string[]): Promise<void> {
  const seen = () => probeMutations().filter((e) => e.transactionId === transactionId)
  await waitFor(() => seen().length >= ids.length, 8000, `Studio's pair listener to pass ${transactionId} (${ids.join(', ')}); got ${probe.lines.join('\n')}`)
  expect(seen().map((e) => e.documentId).sort()).toEqual([...ids].sort())
  for (const event of seen()) {
    expect({ id: event.documentId, inSync: event.inSync }).toEqual({ id: event.documentId, inSync: true })
    // What Studio shows for that document is what the lake's transaction made of it.
    const atTransaction = await request(apiUrl(lake, `data/history/production/documents/${event.documentId}?revision=${transactionId}`), { token: first.token })
    const expected = (atTransaction.json() as { documents: unknown[] }).documents[0] ?? null
    expect({ id: event.documentId, document: event.document }).toEqual({ id: event.documentId, document: expected })
    // …and what its buffered document makes of the event's mutations, too.
    expect({ id: event.documentId, document: event.viaMutations }).toEqual({ id: event.documentId, document: expected })
  }
}

describe('listen events for edit → publish → unpublish, as Studio consumes them', () => {
  it('Studio follows every transition of the draft and the published document, in order', async () => {
    await act(first.token, 'seq-1-create', [{ actionType: 'sanity.action.document.create', publishedId: ID, attributes: { _id: DRAFT, _type: 'article', headline: 'One' } }])
    await expectStudioFollows('seq-1-create', [DRAFT])
    await act(first.token, 'seq-2-edit', [edit('Two')])
    await expectStudioFollows('seq-2-edit', [DRAFT])
    await act(first.token, 'seq-3-publish', [publish])
    await expectStudioFollows('seq-3-publish', [ID, DRAFT])
    await act(second.token, 'seq-4-edit', [edit('Four')])
    await expectStudioFollows('seq-4-edit', [DRAFT])
    await act(first.token, 'seq-5-publish', [publish])
    await expectStudioFollows('seq-5-publish', [ID, DRAFT])
    await act(first.token, 'seq-6-unpublish', [unpublish])
    await expectStudioFollows('seq-6-unpublish', [ID, DRAFT])
    // The first editor publishes while the second keeps typing: whichever commits first, both tabs follow.
    await Promise.all([act(first.token, 'seq-7-publish', [publish]), act(second.token, 'seq-7-typing', [edit('Seven')])])
    await expectStudioFollows('seq-7-publish', [ID, DRAFT])
    await expectStudioFollows('seq-7-typing', [DRAFT])
    await act(second.token, 'seq-8-typing', [edit('Eight')])
    await expectStudioFollows('seq-8-typing', [DRAFT])
    expect(probe.lines.filter((line) => line.includes('"syncError"'))).toEqual([])
    expect(lake.store.getDocument(DRAFT)).toMatchObject({ headline: 'Eight' })
  }, 60_000)

  it('the raw events chain per document with no gaps: previousRev = the previous resultRev; a disappearance carries the transaction id', async () => {
    await waitFor(() => raw.events.some((e) => e.transactionId === 'seq-8-typing'), 5000, 'the last raw event')
    for (const id of [ID, DRAFT]) {
      const events = raw.events.filter((e) => e.documentId === id)
      let revision: string | undefined // neither document existed when the stream opened
      for (const event of events) {
        const where = `${id} in ${String(event.transactionId)}`
        expect({ where, previousRev: event.previousRev }).toEqual({ where, previousRev: revision })
        expect({ where, transition: event.transition }).toEqual({ where, transition: revision === undefined ? 'appear' : expect.stringMatching(/^(update|disappear)$/) })
        expect(typeof event.resultRev).toBe('string')
        if (event.transition === 'disappear') expect({ where, resultRev: event.resultRev }).toEqual({ where, resultRev: event.transactionId })
        revision = event.transition === 'disappear' ? undefined : (event.resultRev as string)
      }
      expect(revision).toBe(lake.store.getDocument(id)?._rev)
    }
    // Each transaction's events are numbered 1..n of n (Studio buffers multi-document transactions on it).
    const byTransaction = new Map<unknown, Record<string, unknown>[]>()
    for (const event of raw.events) byTransaction.set(event.transactionId, [...(byTransaction.get(event.transactionId) ?? []), event])
    for (const [transactionId, events] of byTransaction) {
      expect({ transactionId, numbers: events.map((e) => [e.transactionCurrentEvent, e.transactionTotalEvents]) }).toEqual({
        transactionId,
        numbers: events.map((_, i) => [i + 1, events.length]),
      })
    }
    const transitions = raw.events.map((e) => `${String(e.transactionId)} ${String(e.documentId)} ${String(e.transition)}`)
    expect(transitions.slice(0, 10)).toEqual([
      `seq-1-create ${DRAFT} appear`,
      `seq-2-edit ${DRAFT} update`,
      `seq-3-publish ${ID} appear`,
      `seq-3-publish ${DRAFT} disappear`,
      `seq-4-edit ${DRAFT} appear`,
      `seq-5-publish ${ID} update`,
      `seq-5-publish ${DRAFT} disappear`,
      `seq-6-unpublish ${DRAFT} appear`,
      `seq-6-unpublish ${ID} disappear`,
      expect.stringMatching(/^seq-7-/),
    ])
  })
})
