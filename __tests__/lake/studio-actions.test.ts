/**
 * Contract tests for the Actions API (`POST /data/actions/<dataset>`) as Sanity Studio uses it,
 * driven through @sanity/client's `client.action()` with a named editor's token.
 */

import type { SanityClient } from '@sanity/client'
import type { RunningLakeServer } from '../../lib/lake'
import { lakeClient, removeDir, startTestLake, TOKEN } from './helpers'
import { addEditor, apiUrl, editorClient, request } from './studio-support'

let lake: RunningLakeServer
let dataDir: string
let client: SanityClient
let editorId: string

beforeAll(async () => {
  ;({ lake, dataDir } = await startTestLake({ seed: false }))
  const editor = addEditor(lake, 'Ada Editor')
  editorId = editor.id
  client = editorClient(lake, editor.token)
})

afterAll(async () => {
  await lake.close()
  removeDir(dataDir)
})

async function seedStory(id: string, headline = 'Original headline') {
  await lakeClient(lake.url, { token: TOKEN }).createOrReplace({ _id: id, _type: 'article', headline })
}

const edit = (id: string, set: Record<string, unknown>) => ({
  actionType: 'sanity.action.document.edit' as const,
  draftId: `drafts.${id}`,
  publishedId: id,
  patch: { set },
})

describe('document actions', () => {
  it('edit copies the published document into a new draft, then patches it; the published document is untouched', async () => {
    await seedStory('a1')
    const result = await client.action(edit('a1', { headline: 'Draft headline' }), { transactionId: 'tx-edit-a1' })
    expect(result.transactionId).toBe('tx-edit-a1')
    const draft = await client.getDocument('drafts.a1')
    expect(draft).toMatchObject({ _id: 'drafts.a1', _type: 'article', headline: 'Draft headline', _rev: 'tx-edit-a1' })
    expect(await client.getDocument('a1')).toMatchObject({ headline: 'Original headline' })
    const history = lake.store.historyOf('drafts.a1')
    expect(history.at(-1)).toMatchObject({ transactionId: 'tx-edit-a1', identity: editorId })
  })

  it('publish replaces the published document with the draft and deletes the draft in one transaction', async () => {
    await seedStory('a2')
    await client.action(edit('a2', { headline: 'To publish' }))
    const draft = await client.getDocument('drafts.a2')
    const published = await client.getDocument('a2')
    const { transactionId } = await client.action({
      actionType: 'sanity.action.document.publish',
      draftId: 'drafts.a2',
      publishedId: 'a2',
      ifDraftRevisionId: draft!._rev,
      ifPublishedRevisionId: published!._rev,
    })
    expect(await client.getDocument('drafts.a2')).toBeUndefined()
    expect(await client.getDocument('a2')).toMatchObject({ headline: 'To publish', _rev: transactionId })
    expect(lake.store.historyOf('a2').at(-1)?.transactionId).toBe(transactionId)
    expect(lake.store.historyOf('drafts.a2').at(-1)).toMatchObject({ transactionId, resultRev: null })
  })

  it('a publish racing an edit: exactly one conflict, nothing half-applied', async () => {
    await seedStory('a3')
    await client.action(edit('a3', { headline: 'First draft' }))
    const draftRev = (await client.getDocument('drafts.a3'))!._rev
    const publishedRev = (await client.getDocument('a3'))!._rev
    const outcomes = await Promise.allSettled([
      client.action(edit('a3', { headline: 'Second draft' })),
      client.action({
        actionType: 'sanity.action.document.publish',
        draftId: 'drafts.a3',
        publishedId: 'a3',
        ifDraftRevisionId: draftRev,
        ifPublishedRevisionId: publishedRev,
      }),
    ])
    // The edit is queued first, so it wins; the publish no longer matches the draft's revision.
    expect(outcomes[0].status).toBe('fulfilled')
    expect(outcomes[1].status).toBe('rejected')
    const error = (outcomes[1] as PromiseRejectedResult).reason as { statusCode: number; response: { body: { error: { type: string } } } }
    expect(error.statusCode).toBe(409)
    expect(error.response.body.error.type).toBe('actionError')
    expect(await client.getDocument('a3')).toMatchObject({ headline: 'Original headline', _rev: publishedRev })
    expect(await client.getDocument('drafts.a3')).toMatchObject({ headline: 'Second draft' })
  })

  it('publish refuses a stale ifPublishedRevisionId and a missing draft with 409', async () => {
    await seedStory('a4')
    await client.action(edit('a4', { headline: 'x' }))
    await expect(
      client.action({ actionType: 'sanity.action.document.publish', draftId: 'drafts.a4', publishedId: 'a4', ifPublishedRevisionId: 'stale' }),
    ).rejects.toMatchObject({ statusCode: 409 })
    await expect(
      client.action({ actionType: 'sanity.action.document.publish', draftId: 'drafts.none', publishedId: 'none' }),
    ).rejects.toMatchObject({ statusCode: 409 })
    expect(await client.getDocument('drafts.a4')).toMatchObject({ headline: 'x' })
  })

  it('create makes a new draft; ifExists decides what happens when it exists', async () => {
    const create = (ifExists: 'fail' | 'ignore') => ({
      actionType: 'sanity.action.document.create' as const,
      publishedId: 'new1',
      attributes: { _id: 'drafts.new1', _type: 'article', headline: 'Brand new' },
      ifExists,
    })
    await client.action(create('fail'))
    expect(await client.getDocument('drafts.new1')).toMatchObject({ headline: 'Brand new', _createdAt: expect.any(String) })
    await expect(client.action(create('fail'))).rejects.toMatchObject({ statusCode: 409 })
    await expect(client.action(create('ignore'))).resolves.toHaveProperty('transactionId')
  })

  it('replaceDraft, discard, unpublish and delete', async () => {
    await seedStory('a5')
    await client.action({
      actionType: 'sanity.action.document.replaceDraft',
      publishedId: 'a5',
      attributes: { _id: 'drafts.a5', _type: 'article', headline: 'Replaced' },
    })
    expect(await client.getDocument('drafts.a5')).toMatchObject({ headline: 'Replaced' })
    await client.action({ actionType: 'sanity.action.document.discard', draftId: 'drafts.a5' })
    expect(await client.getDocument('drafts.a5')).toBeUndefined()

    await client.action({ actionType: 'sanity.action.document.unpublish', draftId: 'drafts.a5', publishedId: 'a5' })
    expect(await client.getDocument('a5')).toBeUndefined()
    expect(await client.getDocument('drafts.a5')).toMatchObject({ headline: 'Original headline' })

    await client.action({ actionType: 'sanity.action.document.delete', publishedId: 'a5', includeDrafts: ['drafts.a5'] })
    expect(await client.getDocument('drafts.a5')).toBeUndefined()
    await expect(client.action({ actionType: 'sanity.action.document.discard', draftId: 'drafts.a5' })).rejects.toMatchObject({ statusCode: 409 })
  })

  it('version.discard of a draft deletes it (how Studio deletes a document that is only a draft); other versions are not supported', async () => {
    await client.create({ _id: 'drafts.a7', _type: 'article', headline: 'Only a draft' })
    await client.action({ actionType: 'sanity.action.document.version.discard', versionId: 'drafts.a7' })
    expect(await client.getDocument('drafts.a7')).toBeUndefined()
    await expect(client.action({ actionType: 'sanity.action.document.version.discard', versionId: 'drafts.a7' })).rejects.toMatchObject({ statusCode: 409 })
    const release = await request(apiUrl(lake, 'data/actions/production'), {
      method: 'POST',
      token: TOKEN,
      body: { actions: [{ actionType: 'sanity.action.document.version.discard', versionId: 'versions.r1.a7' }] },
    })
    expect(release.status).toBe(400)
    expect(release.json()).toMatchObject({ error: { items: [{ error: { type: 'notSupported' } }] } })
  })

  it('several actions are one transaction: a failing one leaves nothing applied', async () => {
    await seedStory('a6')
    await expect(
      client.action([edit('a6', { headline: 'Half' }), { actionType: 'sanity.action.document.discard', draftId: 'drafts.missing' }]),
    ).rejects.toMatchObject({ statusCode: 409 })
    expect(await client.getDocument('drafts.a6')).toBeUndefined()
  })

  it('answers release and version actions with a clear not-supported error', async () => {
    const response = await request(apiUrl(lake, 'data/actions/production'), {
      method: 'POST',
      token: TOKEN,
      body: { actions: [{ actionType: 'sanity.action.release.create', releaseId: 'r1' }], dryRun: true },
    })
    expect(response.status).toBe(400)
    expect(response.json()).toMatchObject({ error: { type: 'actionError', items: [{ error: { type: 'notSupported' }, index: 0 }] } })
  })

  it('rejects bad input with precise 4xx errors', async () => {
    const post = (body: unknown, token?: string) => request(apiUrl(lake, 'data/actions/production'), { method: 'POST', token, body })
    expect((await post({ actions: [] }, TOKEN)).status).toBe(400)
    expect((await post({ actions: [{ actionType: 'sanity.action.document.edit', draftId: 'a1', publishedId: 'a1', patch: {} }] }, TOKEN)).status).toBe(400)
    expect((await post({ actions: [{ actionType: 'nope' }] }, TOKEN)).status).toBe(400)
    expect((await post({ actions: [edit('a1', { x: 1 })] })).status).toBe(401)
    expect((await post({ actions: [edit('a1', { x: 1 })] }, 'not-a-valid-token-at-all-xxxxxxxxxxxxxx')).status).toBe(401)
    expect((await request(apiUrl(lake, 'data/actions/other'), { method: 'POST', token: TOKEN, body: { actions: [edit('a1', { x: 1 })] } })).status).toBe(404)
  })
})
