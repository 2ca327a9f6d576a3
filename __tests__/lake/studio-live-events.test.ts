/**
 * Contract tests for the endpoints Studio's Presentation tool and schema sync call: the live
 * event stream (`/data/live/events/<ds>`: welcome, a message per committed transaction, drafts
 * only for token holders), `/check/cors`, and `/descriptors/claim` (answered "complete"), plus
 * the `client-timing` header Studio's schema claim sends through CORS.
 */

import type { RunningLakeServer } from '../../lib/lake'
import { SYNC_TAG_PREFIX } from '../../lib/lake/studio/live-events'
import { removeDir, startTestLake, waitFor } from './helpers'
import { addEditor, apiUrl, editorClient, readEventStream, request } from './studio-support'

let lake: RunningLakeServer
let dataDir: string
let editor: ReturnType<typeof addEditor>

beforeAll(async () => {
  ;({ lake, dataDir } = await startTestLake({ seed: false }))
  editor = addEditor(lake, 'Live Editor')
})

afterAll(async () => {
  await lake.close()
  removeDir(dataDir)
})

interface LiveStream {
  types: string[]
  messages: { id: string; tags: string[] }[]
  close: () => void
}

/** Opens the live event stream; resolves once `welcome` arrived. */
function openLive(query: string, token?: string): Promise<LiveStream> {
  return new Promise((resolve, reject) => {
    const stream: LiveStream = { types: [], messages: [], close: () => undefined }
    const reader = readEventStream(
      apiUrl(lake, `data/live/events/production${query}`),
      token ? { authorization: `Bearer ${token}` } : {},
      ({ type, data, id }) => {
        stream.types.push(type)
        if (type === 'welcome') resolve(stream)
        if (type === 'message') stream.messages.push({ id: id ?? '', tags: (JSON.parse(data ?? '{}') as { tags: string[] }).tags })
      },
      reject,
    )
    stream.close = reader.close
  })
}

describe('live events', () => {
  it('sends welcome, then one message per transaction; draft-only changes only with includeDrafts and a token', async () => {
    const published = await openLive('')
    const withDrafts = await openLive('?includeDrafts=true', editor.token)
    try {
      const client = editorClient(lake, editor.token)
      const draft = await client.create({ _id: 'drafts.live-story', _type: 'article', headline: 'Draft only' }, { returnDocuments: false })
      await waitFor(() => withDrafts.messages.length === 1)
      const publishedTx = await client.create({ _id: 'live-story', _type: 'article', headline: 'Published' }, { returnDocuments: false })
      await waitFor(() => published.messages.length === 1 && withDrafts.messages.length === 2)
      expect(published.types[0]).toBe('welcome')
      expect(published.messages).toEqual([{ id: publishedTx.transactionId, tags: [`${SYNC_TAG_PREFIX}production`] }])
      expect(withDrafts.messages.map((message) => message.id)).toEqual([draft.transactionId, publishedTx.transactionId])
    } finally {
      published.close()
      withDrafts.close()
    }
  })

  it('refuses includeDrafts without a token, and unknown datasets', async () => {
    expect((await request(apiUrl(lake, 'data/live/events/production?includeDrafts=true'))).status).toBe(401)
    expect((await request(apiUrl(lake, 'data/live/events/elsewhere'))).status).toBe(404)
    expect((await request(apiUrl(lake, 'data/live/events/production'), { method: 'POST' })).status).toBe(405)
  })

  it('check/cors says whether the calling origin is allowed', async () => {
    const check = async (origin: string) => (await request(apiUrl(lake, 'check/cors'), { headers: { origin } })).json()
    expect(await check('http://localhost:3000')).toEqual({ result: { allowed: true, withCredentials: true } })
    expect(await check('https://evil.example')).toEqual({ result: { allowed: false, withCredentials: false } })
  })
})

describe('schema descriptors', () => {
  it('answers a claim as complete (the lake keeps no schema registry), needs a token, and lets client-timing through CORS', async () => {
    const claim = await request(apiUrl(lake, 'descriptors/claim'), { method: 'POST', token: editor.token, body: { descriptorId: 'x', contextKey: 'dataset:local:production' } })
    expect(claim.status).toBe(200)
    expect(claim.json()).toEqual({ synchronization: { type: 'complete' } })
    expect((await request(apiUrl(lake, 'descriptors/claim'), { method: 'POST', body: {} })).status).toBe(401)
    expect((await request(apiUrl(lake, 'descriptors/claim'), { token: editor.token })).status).toBe(405)
    const preflight = await request(apiUrl(lake, 'descriptors/claim'), {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:3000', 'access-control-request-method': 'POST', 'access-control-request-headers': 'client-timing' },
    })
    expect(String(preflight.headers['access-control-allow-headers'])).toContain('client-timing')
  })
})
