/**
 * Contract tests for the endpoints Sanity Studio calls beyond queries and documents: current
 * user, project, ACL, key-value store, users, history, listen events with mendoza effects, CORS,
 * token checks (including a removed editor) and the presence socket.
 */

import { applyPatch } from 'mendoza'
import WebSocket from 'ws'
import type { RunningLakeServer } from '../../lib/lake'
import { removeDir, startTestLake, TOKEN, waitFor } from './helpers'
import { addEditor, apiUrl, editorClient, openListen, request } from './studio-support'

let lake: RunningLakeServer
let dataDir: string
let editor: ReturnType<typeof addEditor>

beforeAll(async () => {
  ;({ lake, dataDir } = await startTestLake({ seed: false }))
  editor = addEditor(lake, 'Grace Editor')
})

afterAll(async () => {
  await lake.close()
  removeDir(dataDir)
})

describe('users and project', () => {
  it('users/me answers with the editor the token belongs to, an empty object (as Sanity) when nobody is signed in', async () => {
    const me = await request(apiUrl(lake, 'users/me'), { token: editor.token })
    expect(me.status).toBe(200)
    expect(me.json()).toMatchObject({ id: editor.id, name: 'Grace Editor', role: 'administrator', roles: [{ name: 'administrator' }] })
    const anonymous = await request(apiUrl(lake, 'users/me'))
    expect(anonymous.status).toBe(200)
    expect(anonymous.json()).toEqual({})
    const wrongToken = await request(apiUrl(lake, 'users/me'), { token: 'x'.repeat(40) })
    expect(wrongToken.status).toBe(401)
    expect(wrongToken.json()).toMatchObject({ statusCode: 401, error: 'Unauthorized' })
    expect((await request(apiUrl(lake, 'auth/id'), { token: editor.token })).json()).toEqual({ id: editor.id })
  })

  it('a removed editor is refused everywhere at once', async () => {
    const temp = addEditor(lake, 'Temporary Editor')
    expect((await request(apiUrl(lake, 'users/me'), { token: temp.token })).status).toBe(200)
    expect(temp.registry.remove(temp.id)).toBe(1)
    expect((await request(apiUrl(lake, 'users/me'), { token: temp.token })).status).toBe(401)
    expect((await request(apiUrl(lake, 'data/query/production?query=1'), { token: temp.token })).status).toBe(401)
  })

  it('project, datasets, ACL, features, users by id, user-applications, journey, schedules, ping', async () => {
    const get = async (path: string) => {
      const response = await request(apiUrl(lake, path), { token: editor.token })
      expect(response.status).toBe(200)
      return response.json()
    }
    expect(await get('projects/local')).toMatchObject({ id: 'local', members: expect.arrayContaining([expect.objectContaining({ id: editor.id, isCurrentUser: true })]) })
    expect(await get('projects/local/datasets')).toEqual([expect.objectContaining({ name: 'production', aclMode: 'private' })])
    expect(await get('projects/local/datasets?datasetProfile=comments&addonFor=production')).toEqual([])
    expect(await get('projects/local/datasets/production/acl')).toEqual([
      { filter: '_id in path("**")', permissions: ['read', 'create', 'history', 'update', 'manage'] },
    ])
    expect(await get('features')).toEqual([])
    expect(await get(`users/${editor.id},lake-token,lake-import,unknown`)).toEqual([
      { id: editor.id, displayName: 'Grace Editor' },
      { id: 'lake-token', displayName: 'Site server token' },
      { id: 'lake-import', displayName: 'Dataset import' },
    ])
    expect(await get('projects/local/user-applications')).toEqual([])
    expect(await get('journey/announcements')).toBeNull()
    expect(await get('schedules/local/production?limit=1')).toEqual({ schedules: [] })
    expect(await get('ping')).toBe('PONG')
    expect((await request(apiUrl(lake, 'projects/other'), { token: editor.token })).status).toBe(404)
  })

  it("grants: Sanity's per-resource shape, without deploy or invite rights (Studio's Help and user menus read it)", async () => {
    const reply = await request(apiUrl(lake, 'projects/local/grants'), { token: editor.token })
    expect(reply.status).toBe(200)
    const grants = reply.json() as Record<string, { grants: { name: string }[] }[]>
    // What Studio computes from it (useCanDeployStudio, useCanInviteProjectMembers):
    const has = (resource: string, name: string) => !!grants[resource]?.some((p) => p.grants.some((g) => g.name === name))
    expect(has('sanity.project', 'read')).toBe(true)
    expect(has('sanity.project', 'deployStudio')).toBe(false)
    expect(has('sanity.project.members', 'invite')).toBe(false)
    expect(has('sanity.document.filter.mode', 'update')).toBe(true)
    expect((await request(apiUrl(lake, 'projects/local/grants'))).status).toBe(401)
  })

  it('references-to: no cross-dataset referrers; the dataset\'s own referrers when internal ones are asked for', async () => {
    const client = editorClient(lake, editor.token)
    await client.createOrReplace({ _id: 'ref-target', _type: 'author', name: 'Target' })
    await client.createOrReplace({ _id: 'ref-source', _type: 'article', author: { _type: 'reference', _ref: 'ref-target' } })
    const studioAsks = await request(apiUrl(lake, 'data/references/production/documents/ref-target/to?excludeInternalReferences=true&excludePaths=true'), { token: editor.token })
    expect(studioAsks.status).toBe(200)
    expect(studioAsks.json()).toEqual({ totalCount: 0, references: [] })
    const internal = await request(apiUrl(lake, 'data/references/production/documents/ref-target/to'), { token: editor.token })
    expect(internal.json()).toEqual({ totalCount: 1, references: [{ documentId: 'ref-source', projectId: 'local', datasetName: 'production' }] })
    expect((await request(apiUrl(lake, 'data/references/production/documents/bad..id/to'), { token: editor.token })).status).toBe(400)
    expect((await request(apiUrl(lake, 'data/references/other/documents/ref-target/to'), { token: editor.token })).status).toBe(404)
    expect((await request(apiUrl(lake, 'data/references/production/documents/ref-target/to'))).status).toBe(401)
  })

  it('keeps each user key-value pairs across requests', async () => {
    const url = apiUrl(lake, 'users/me/keyvalue')
    const put = await request(url, { method: 'PUT', token: editor.token, body: [{ key: 'studio.layout', value: { panes: 3 } }] })
    expect(put.json()).toEqual([{ key: 'studio.layout', value: { panes: 3 } }])
    expect((await request(`${url}/studio.layout,missing`, { token: editor.token })).json()).toEqual([
      { key: 'studio.layout', value: { panes: 3 } },
      { key: 'missing', value: null },
    ])
    expect((await request(`${url}/studio.layout`, { token: TOKEN })).json()).toEqual([{ key: 'studio.layout', value: null }])
    expect((await request(url, { method: 'PUT', token: editor.token, body: { key: 'x' } })).status).toBe(400)
    expect((await request(`${url}/studio.layout`)).status).toBe(401)
  })
})

describe('CORS', () => {
  it("allows Studio's headers for a local origin, without credentials unless a Studio origin, and refuses a foreign origin", async () => {
    const preflight = (origin: string) =>
      request(apiUrl(lake, 'users/me'), {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization,x-sanity-app' },
      })
    const local = await preflight('http://localhost:3000')
    expect(local.headers['access-control-allow-origin']).toBe('http://localhost:3000')
    // Credentials only for the configured Studio origins (this lake has none; studio-sessions.test.ts).
    expect(local.headers['access-control-allow-credentials']).toBeUndefined()
    expect(String(local.headers['access-control-allow-headers'])).toContain('x-sanity-app')
    expect(String(local.headers['access-control-allow-methods'])).toContain('PUT')
    const foreign = await preflight('https://evil.example')
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined()
  })
})

describe('listen events and history', () => {
  it('mutation events carry revisions, transition, transaction id, identity and mendoza effects', async () => {
    const client = editorClient(lake, editor.token)
    await client.createOrReplace({ _id: 'story1', _type: 'article', headline: 'Before' })
    const listener = await openListen(apiUrl(lake, 'data/listen/production?query=*%5B_id%20in%20%5B%22story1%22%2C%22drafts.story1%22%5D%5D&effectFormat=mendoza&includeResult=false'), editor.token)
    try {
      const before = await client.getDocument('story1')
      await client.action({ actionType: 'sanity.action.document.edit', draftId: 'drafts.story1', publishedId: 'story1', patch: { set: { headline: 'After' } } }, { transactionId: 'tx-listen-1' })
      await waitFor(() => listener.events.length >= 1, 5000, 'the draft event')
      const event = listener.events[0]
      expect(event).toMatchObject({ documentId: 'drafts.story1', transactionId: 'tx-listen-1', transition: 'appear', resultRev: 'tx-listen-1', identity: editor.id })
      expect(event.result).toBeUndefined()
      const { _rev: draftRev, ...draft } = (await client.getDocument('drafts.story1'))!
      expect(draftRev).toBe('tx-listen-1')
      const effects = event.effects as { apply: unknown[]; revert: unknown[] }
      // Effects leave out _rev: Studio applies them to the document without it and stamps resultRev.
      expect(applyPatch(null, effects.apply)).toEqual(draft)

      await client.action({ actionType: 'sanity.action.document.publish', draftId: 'drafts.story1', publishedId: 'story1' }, { transactionId: 'tx-listen-2' })
      await waitFor(() => listener.events.length >= 3, 5000, 'the publish events')
      const published = listener.events.find((e) => e.documentId === 'story1' && e.transactionId === 'tx-listen-2')!
      expect(published).toMatchObject({ transition: 'update', previousRev: before!._rev, resultRev: 'tx-listen-2' })
      const publishedEffects = published.effects as { apply: unknown[]; revert: unknown[] }
      const { _rev: _afterRev, ...after } = (await client.getDocument('story1'))!
      const { _rev: _beforeRev, ...beforeContent } = before!
      expect(applyPatch(beforeContent, publishedEffects.apply)).toEqual(after)
      expect(applyPatch(after, publishedEffects.revert)).toEqual(beforeContent)
      const gone = listener.events.find((e) => e.documentId === 'drafts.story1' && e.transactionId === 'tx-listen-2')!
      // As the hosted Content Lake: a disappearance carries the transaction id as resultRev.
      expect(gone).toMatchObject({ transition: 'disappear', previousRev: 'tx-listen-1', resultRev: 'tx-listen-2' })
    } finally {
      listener.close()
    }
  })

  it('history: the transaction log with authors and effects, and documents at a revision', async () => {
    const log = await request(apiUrl(lake, 'data/history/production/transactions/story1,drafts.story1?effectFormat=mendoza&excludeContent=true&reverse=true&limit=10'), { token: editor.token })
    expect(log.status).toBe(200)
    expect(log.headers['content-type']).toContain('application/x-ndjson')
    const entries = log.text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(entries.map((e) => e.id).slice(0, 2)).toEqual(['tx-listen-2', 'tx-listen-1'])
    expect(entries[0]).toMatchObject({ author: editor.id, documentIDs: expect.arrayContaining(['story1', 'drafts.story1']) })
    const effects = (entries[1].effects as Record<string, { apply: unknown[] }>)['drafts.story1']
    expect(applyPatch(null, effects.apply)).toMatchObject({ _id: 'drafts.story1', headline: 'After' })

    const older = await request(apiUrl(lake, 'data/history/production/transactions/story1?reverse=true&toTransaction=tx-listen-1&limit=10'), { token: editor.token })
    expect(older.text.trim().split('\n').map((line) => (JSON.parse(line) as { id: string }).id)[0]).not.toBe('tx-listen-2')
    // A transaction over two documents is whole when it is both the first and the last asked for.
    const only = await request(apiUrl(lake, 'data/history/production/transactions/story1,drafts.story1?fromTransaction=tx-listen-2&toTransaction=tx-listen-2'), { token: editor.token })
    const onlyEntries = only.text.trim().split('\n').map((line) => JSON.parse(line) as { id: string; documentIDs: string[] })
    expect(onlyEntries).toHaveLength(1)
    expect(onlyEntries[0].documentIDs.sort()).toEqual(['drafts.story1', 'story1'])

    const atRevision = await request(apiUrl(lake, 'data/history/production/documents/story1,drafts.story1?revision=tx-listen-1'), { token: editor.token })
    expect(atRevision.json()).toEqual({ documents: [expect.objectContaining({ _id: 'drafts.story1', _rev: 'tx-listen-1', headline: 'After' })] })
    const lastRevision = await request(apiUrl(lake, 'data/history/production/documents/drafts.story1?lastRevision=true'), { token: editor.token })
    expect(lastRevision.json()).toEqual({ documents: [expect.objectContaining({ headline: 'After' })] })
    expect((await request(apiUrl(lake, 'data/history/production/transactions/story1'))).status).toBe(401)
    expect((await request(apiUrl(lake, 'data/history/production/transactions/story1?toTransaction=nope'), { token: editor.token })).status).toBe(400)
  })
})

describe('presence socket', () => {
  function connect(): Promise<{ ws: WebSocket; messages: Record<string, unknown>[]; call: (method: string, params?: object) => Promise<unknown> }> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${lake.url.replace(/^http/, 'ws')}/v2022-06-30/socket/production?tag=sanity.studio`)
      const messages: Record<string, unknown>[] = []
      let next = 0
      ws.on('message', (data) => {
        const text = data.toString()
        if (text !== '\u2665') messages.push(JSON.parse(text) as Record<string, unknown>)
      })
      const call = async (method: string, params: object = {}) => {
        const id = `r${next++}`
        ws.send(JSON.stringify({ jsonrpc: '2.0', method, params: { ...params, apiVersion: 'v1' }, id }))
        await waitFor(() => messages.some((m) => m.id === id), 5000, `reply to ${method}`)
        const reply = messages.find((m) => m.id === id)!
        if (reply.error) throw new Error(JSON.stringify(reply.error))
        return reply.result
      }
      ws.on('open', () => resolve({ ws, messages, call }))
      ws.on('error', reject)
    })
  }

  it('authorises with a token and relays announcements, roll calls and disconnects to other editors', async () => {
    const other = addEditor(lake, 'Other Editor')
    const a = await connect()
    const b = await connect()
    try {
      expect(await a.call('authorization', { authorization: `Bearer ${editor.token}` })).toBe(true)
      expect(await b.call('authorization', { authorization: `Bearer ${other.token}` })).toBe(true)
      const subscription = await b.call('presence_subscribe')
      await a.call('presence_announce', { data: { sessionId: 'session-a', locations: [{ documentId: 'story1', path: ['headline'] }] } })
      await waitFor(() => b.messages.some((m) => m.method === 'presence_subscription'), 5000, 'the announcement')
      expect(b.messages.find((m) => m.method === 'presence_subscription')).toEqual({
        jsonrpc: '2.0',
        method: 'presence_subscription',
        params: { subscription, result: { type: 'state', i: editor.id, m: { sessionId: 'session-a', locations: [{ documentId: 'story1', path: ['headline'] }] } } },
      })
      a.ws.close()
      await waitFor(() => b.messages.some((m) => (m.params as { result?: { type?: string } } | undefined)?.result?.type === 'disconnect'), 5000, 'the disconnect')
    } finally {
      a.ws.close()
      b.ws.close()
    }
  })

  it('refuses a bad token', async () => {
    const c = await connect()
    try {
      await expect(c.call('authorization', { authorization: 'Bearer not-a-real-token-xxxxxxxxxxxxxxxxxxxxx' })).rejects.toThrow('Unauthorized')
    } finally {
      c.ws.close()
    }
  })
  // Last in the file: afterwards this address is past its allowance of wrong tokens.
  it('counts wrong tokens with those over HTTP: past the allowance it closes with 4029, a right token still passes', async () => {
    const codes: number[] = []
    for (let i = 0; i < 12; i++) {
      const c = await connect()
      const closed = new Promise<number>((resolve) => c.ws.on('close', (code) => resolve(code)))
      await c.call('authorization', { authorization: `Bearer wrong-token-${i}-xxxxxxxxxxxxxxxxxxxxxxxxxx` }).catch(() => undefined)
      codes.push(await closed)
    }
    // Unauthorized until the allowance (10 a minute, earlier tests' wrong tokens included) is used up, then 4029.
    const firstRefusal = codes.indexOf(4029)
    expect(firstRefusal).toBeGreaterThan(0)
    expect(codes.slice(0, firstRefusal).every((code) => code === 4001)).toBe(true)
    expect(codes.slice(firstRefusal).every((code) => code === 4029)).toBe(true)
    const good = await connect()
    try {
      expect(await good.call('authorization', { authorization: `Bearer ${editor.token}` })).toBe(true)
    } finally {
      good.ws.close()
    }
  })
})
