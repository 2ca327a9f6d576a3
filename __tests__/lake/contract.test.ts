/**
 * Contract suite: drives the lake only through the real @sanity/client (plus raw fetch where the
 * client cannot express a request), the way the site and the desk talk to Content Lake.
 * With SANITY_PROJECT_ID and SANITY_API_TOKEN set it runs against Sanity's hosted Content Lake
 * instead (a temporary dataset; see contract-target.ts), so fidelity is one command away:
 *   SANITY_PROJECT_ID=… SANITY_API_TOKEN=… npx jest __tests__/lake/contract.test.ts
 */

import type { MutationEvent, SanityClient } from '@sanity/client'
import path from 'node:path'
import { spawnTsx } from './child-process'
import { lakeOnlyIt, startContractTarget, type ContractTarget } from './contract-target'
import { lakeClient, waitFor } from './helpers'

let target: ContractTarget
let TOKEN: string
let editor: SanityClient
let anonymous: SanityClient

beforeAll(async () => {
  target = await startContractTarget()
  TOKEN = target.token
  editor = target.client({ token: TOKEN })
  anonymous = target.client()
}, 60_000)

afterAll(async () => {
  await target?.close()
})

describe('perspectives', () => {
  const bySlug = '*[_type == "article" && slug.current == $slug][0]{_id, _originalId, headline, "section": section->title}'

  it('defaults to published for API 2025-02-19: a draft-only article is invisible', async () => {
    expect(await editor.fetch(bySlug, { slug: 'four' })).toBeNull()
    expect(await editor.fetch(bySlug, { slug: 'two' })).toEqual({ _id: 'article-two', _originalId: null, headline: 'Two', section: 'Tech' })
  })

  it('drafts overlays drafts on published ids, with _originalId, and follows -> into drafts', async () => {
    const four = await editor.fetch(bySlug, { slug: 'four' }, { perspective: 'drafts' })
    expect(four).toEqual({ _id: 'article-four', _originalId: 'drafts.article-four', headline: 'Four (draft only)', section: 'Technology' })
    const two = await editor.fetch(bySlug, { slug: 'two' }, { perspective: 'drafts' })
    expect(two).toMatchObject({ _id: 'article-two', _originalId: 'drafts.article-two', headline: 'Two (edited)', section: 'World' })
    const ids = await editor.fetch<string[]>('*[_type == "article"]._id', {}, { perspective: 'drafts' })
    expect(ids).toEqual(['article-four', 'article-one', 'article-three', 'article-two'])
  })

  it('raw shows drafts and published side by side; previewDrafts still works', async () => {
    const raw = await editor.fetch<string[]>('*[_type == "article"]._id', {}, { perspective: 'raw' })
    expect(raw).toEqual(['article-one', 'article-three', 'article-two', 'drafts.article-four', 'drafts.article-two'])
    const preview = await editor.fetch(bySlug, { slug: 'four' }, { perspective: 'previewDrafts' })
    expect(preview).toMatchObject({ _id: 'article-four' })
  })

  it('older API versions default to raw', async () => {
    const old = target.client({ token: TOKEN, apiVersion: '2021-06-07' })
    expect(await old.fetch('count(*[_id in path("drafts.**")])')).toBe(3)
    const v1 = target.client({ token: TOKEN, apiVersion: '1' })
    expect(await v1.fetch('count(*[_id in path("drafts.**")])')).toBe(3)
  })
})

describe('anonymous readers never see drafts', () => {
  it('query in every perspective', async () => {
    for (const perspective of ['raw', 'drafts', 'published'] as const) {
      const ids = await anonymous.fetch<string[]>('*[]._id', {}, { perspective })
      expect(ids.some((id) => id.includes('.'))).toBe(false)
      expect(await anonymous.fetch('*[_id == "drafts.article-two"][0]', {}, { perspective })).toBeNull()
    }
    expect(await anonymous.fetch('*[slug.current == "four"]', {}, { perspective: 'drafts' })).toEqual([])
  })

  it('doc endpoint omits drafts', async () => {
    const docs = await anonymous.getDocuments(['article-two', 'drafts.article-two'])
    expect(docs[0]).toMatchObject({ _id: 'article-two' })
    expect(docs[1]).toBeNull()
    expect(await editor.getDocument('drafts.article-two')).toMatchObject({ headline: 'Two (edited)' })
  })

  it('writes require the token; a wrong token is 401', async () => {
    await expect(anonymous.create({ _type: 'note', title: 'x' })).rejects.toMatchObject({ statusCode: 401 })
    const wrong = target.client({ token: 'not-the-token' })
    await expect(wrong.fetch('1')).rejects.toMatchObject({ statusCode: 401 })
  })
})

describe('mutations', () => {
  it('creates, patches with Sanity semantics and bumps _rev', async () => {
    const created = await editor.create({ _id: 'note-1', _type: 'note', title: 'Hello', tags: ['a'], count: 1 })
    expect(created).toMatchObject({ _id: 'note-1', _rev: expect.any(String), _createdAt: expect.any(String) })
    const patched = await editor
      .patch('note-1')
      .set({ title: 'Hello again' })
      .inc({ count: 2 })
      .setIfMissing({ body: [] })
      .insert('after', 'tags[-1]', ['b'])
      .unset(['missing'])
      .commit()
    expect(patched).toMatchObject({ title: 'Hello again', count: 3, tags: ['a', 'b'], body: [] })
    expect(patched._rev).not.toBe(created._rev)
    const dmp = await editor.patch('note-1').diffMatchPatch({ title: '@@ -1,5 +1,5 @@\n-Hello\n+Howdy\n' }).commit()
    expect(dmp.title).toBe('Howdy again')
  })

  it('ifRevisionID mismatch is a 409 and changes nothing', async () => {
    const doc = await editor.getDocument('note-1')
    await expect(editor.patch('note-1').ifRevisionId('wrong-rev').set({ title: 'no' }).commit()).rejects.toMatchObject({ statusCode: 409 })
    const ok = await editor.patch('note-1').ifRevisionId(doc!._rev).set({ title: 'yes' }).commit()
    expect(ok.title).toBe('yes')
  })

  it('create on an existing id is a 409', async () => {
    await expect(editor.create({ _id: 'note-1', _type: 'note' })).rejects.toMatchObject({ statusCode: 409 })
  })

  it('a transaction is all-or-nothing', async () => {
    const failing = editor.transaction().create({ _id: 'note-tx-a', _type: 'note' }).patch('does-not-exist', (p) => p.set({ a: 1 }))
    await expect(failing.commit()).rejects.toMatchObject({ statusCode: 404 })
    expect(await editor.getDocument('note-tx-a')).toBeUndefined()
    const res = await editor.transaction().create({ _id: 'note-tx-a', _type: 'note' }).create({ _id: 'note-tx-b', _type: 'note' }).commit()
    expect(res.results.map((r) => r.id)).toEqual(['note-tx-a', 'note-tx-b'])
    const docs = await editor.getDocuments(['note-tx-a', 'note-tx-b'])
    expect(docs.every((d) => d?._rev === res.transactionId)).toBe(true)
  })

  it('publishes a draft: createOrReplace published + delete draft in one transaction', async () => {
    const draft = await editor.getDocument('drafts.article-four')
    const { _id, _rev, _createdAt, _updatedAt, ...content } = draft!
    await editor.transaction().createOrReplace({ ...content, _id: 'article-four', _type: 'article' }).delete('drafts.article-four').commit()
    expect(await anonymous.fetch('*[slug.current == "four"][0].headline')).toBe('Four (draft only)')
    expect(await editor.getDocument('drafts.article-four')).toBeUndefined()
  })

  it('bad mutations are 400 mutationError and leave the state untouched', async () => {
    const before = await editor.fetch('*[_type == "note"]{_id, _rev}', {}, { perspective: 'raw' })
    const attempts = [
      editor.mutate([{ create: { _id: 'note-bad', _type: 'note' } }, { create: { _id: 'bad id!', _type: 'note' } }]),
      editor.mutate([{ createOrReplace: { _type: 'note' } } as never]),
      editor.mutate([{ patch: { id: 'note-1', sett: { a: 1 } } } as never]),
      editor.mutate([{ explode: { id: 'x' } } as never]),
      editor.mutate([{ create: { _id: 'no-type' } } as never]),
    ]
    for (const attempt of attempts) {
      const err = await attempt.then(() => null, (e) => e)
      expect(err).toMatchObject({ statusCode: 400, details: { type: 'mutationError' } })
    }
    expect(await editor.fetch('*[_type == "note"]{_id, _rev}', {}, { perspective: 'raw' })).toEqual(before)
  })

  it('supports dryRun, returnDocuments=false and autoGenerateArrayKeys', async () => {
    const dry = await editor.create({ _id: 'note-dry', _type: 'note' }, { dryRun: true, returnDocuments: false })
    expect(dry).toMatchObject({ documentId: 'note-dry' })
    expect(await editor.getDocument('note-dry')).toBeUndefined()
    const keyed = await editor.create({ _id: 'note-keys', _type: 'note', items: [{ a: 1 }] }, { autoGenerateArrayKeys: true })
    expect((keyed.items as unknown as { _key?: string }[])[0]._key).toEqual(expect.any(String))
  })
})

describe('query errors', () => {
  it('bad GROQ is a 400 queryParseError with position', async () => {
    const err = await editor.fetch('*[_type == "article" &&]').then(() => null, (e) => e)
    expect(err).toMatchObject({ statusCode: 400, details: { type: 'queryParseError', start: expect.any(Number), end: expect.any(Number) } })
    expect(err.details.start).toBeGreaterThan(0)
  })

  it('unknown functions and missing params are 400, not 500', async () => {
    await expect(editor.fetch('nope::fn()')).rejects.toMatchObject({ statusCode: 400 })
    await expect(editor.fetch('*[_id == $id]')).rejects.toMatchObject({ statusCode: 400 })
  })

  it('missing query, unknown routes and unknown dataset are JSON 4xx', async () => {
    const base = target.apiUrl
    const missing = await fetch(`${base}/data/query/${target.dataset}`)
    expect(missing.status).toBe(400)
    expect((await missing.json()).error.type).toBe('queryParseError')
    const route = await fetch(`${base}/nothing/here`)
    expect(route.status).toBe(404)
    expect(await route.json()).toHaveProperty('error')
    expect((await fetch(`${base}/data/query/no-such-dataset-here?query=1`)).status).toBe(404)
  })

  lakeOnlyIt("oversized and malformed mutation bodies are JSON 4xx (the lake's own limits)", async () => {
    const base = target.apiUrl
    const big = await fetch(`${base}/data/mutate/production`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ mutations: [{ create: { _type: 'x', blob: 'x'.repeat(11 * 1024 * 1024) } }] }),
    }).catch(() => null)
    if (big) expect(big.status).toBe(413)
    const notJson = await fetch(`${base}/data/mutate/production`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: '{' })
    expect(notJson.status).toBe(400)
  })

  it('long queries are POSTed by the client and answered', async () => {
    const padding = ' '.repeat(12000)
    expect(await editor.fetch(`count(*[_type == "article"])${padding}`)).toBe(4)
  })
})

describe('addressing', () => {
  lakeOnlyIt('works behind an apiHost with a path prefix', async () => {
    const lake = target.lake!
    const prefixed = lakeClient(`${lake.url}/lake`, { token: TOKEN })
    expect(await prefixed.fetch('*[_id == "section-world"][0].title')).toBe('World')
    expect(await prefixed.getDocument('section-world')).toMatchObject({ title: 'World' })
  })

  lakeOnlyIt('a document with id "health" is a document: /health lives at exactly one path and says only that the lake is up', async () => {
    const lake = target.lake!
    await editor.createOrReplace({ _id: 'health', _type: 'probe', title: 'Health desk' })
    expect(await anonymous.getDocument('health')).toMatchObject({ _id: 'health', title: 'Health desk' })
    const viaPath = await (await fetch(`${lake.url}/v2025-02-19/data/doc/production/health`)).json()
    expect(viaPath.documents).toEqual([expect.objectContaining({ _id: 'health', title: 'Health desk' })])
    const prefixed = lakeClient(`${lake.url}/lake`)
    expect(await prefixed.getDocument('health')).toMatchObject({ _id: 'health' })

    const health = await fetch(`${lake.url}/health`)
    expect(health.status).toBe(200)
    expect(await health.json()).toEqual({ ok: true })
    for (const elsewhere of ['/lake/health', '/v2025-02-19/health', '/health/']) {
      expect((await fetch(`${lake.url}${elsewhere}`)).status).toBe(404)
    }
  })

  it('returns the query unless returnQuery=false', async () => {
    const res = await editor.fetch('1 + 1', {}, { filterResponse: false })
    expect(res).toMatchObject({ result: 2, ms: expect.any(Number), query: '1 + 1' })
    const bare = await (await fetch(`${target.apiUrl}/data/query/${target.dataset}?query=1&returnQuery=false`)).json()
    expect(bare).not.toHaveProperty('query')
  })
})

describe('listen (client.listen() in a real Node process)', () => {
  jest.setTimeout(40000)
  const parseEvents = (lines: string[]) =>
    lines.map((line) => JSON.parse(line) as MutationEvent | { type: 'welcome' }).filter((e): e is MutationEvent => e.type === 'mutation')

  it('delivers appear, update and disappear events and hides drafts from anonymous listeners', async () => {
    const probe = path.join(__dirname, 'fixtures', 'listen-probe.ts')
    const editorProbe = spawnTsx(probe, [target.probe.apiHost, '*[_type == "story" && status == "live"]', TOKEN], target.probe.env)
    const anonymousProbe = spawnTsx(probe, [target.probe.apiHost, '*[_type == "story"]'], target.probe.env)
    try {
      await editorProbe.waitForLine(/"type":"welcome"/)
      await anonymousProbe.waitForLine(/"type":"welcome"/)
      await editor.create({ _id: 'story-1', _type: 'story', status: 'live' })
      await editor.patch('story-1').set({ title: 'T' }).commit()
      await editor.patch('story-1').set({ status: 'archived' }).commit()
      await editor.create({ _id: 'drafts.story-2', _type: 'story', status: 'live' })
      await editor.create({ _id: 'story-3', _type: 'story', status: 'draft' })
      await waitFor(() => parseEvents(editorProbe.lines).length >= 4, 10000, 'editor events')
      await waitFor(() => parseEvents(anonymousProbe.lines).length >= 4, 10000, 'anonymous events')
      const events = parseEvents(editorProbe.lines)
      expect(events.map((e) => [e.documentId, e.transition])).toEqual([
        ['story-1', 'appear'], ['story-1', 'update'], ['story-1', 'disappear'], ['drafts.story-2', 'appear'],
      ])
      expect(events[1]).toMatchObject({
        result: { title: 'T' }, previousRev: expect.any(String), resultRev: expect.any(String),
        transactionId: expect.any(String), eventId: expect.any(String), visibility: 'query',
      })
      const anonymousIds = parseEvents(anonymousProbe.lines).map((e) => e.documentId)
      expect(anonymousIds).toEqual(['story-1', 'story-1', 'story-1', 'story-3'])
    } finally {
      await editorProbe.kill()
      await anonymousProbe.kill()
    }
  })

  lakeOnlyIt('cleans up listeners when clients disconnect', async () => {
    const lake = target.lake!
    const before = lake.store.listenerCount()
    const probe = spawnTsx(path.join(__dirname, 'fixtures', 'listen-probe.ts'), [lake.url, '*'])
    await probe.waitForLine(/"type":"welcome"/)
    expect(lake.store.listenerCount()).toBe(before + 1)
    await probe.kill()
    await waitFor(() => lake.store.listenerCount() === before, 5000, 'listener cleanup')
  })
})
