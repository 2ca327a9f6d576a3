/**
 * Embargo-safe assets (issue 12, row 9): an asset is listed and served to anonymous readers only
 * once a published document references it; drafts and release versions do not count; the
 * `publicAssets: 'all'` option turns the rule off; authenticated readers always see every asset.
 */

import type { SanityClient } from '@sanity/client'
import sharp from 'sharp'
import { openLakeStore, startLakeServer, type RunningLakeServer } from '../../lib/lake'
import { visibleToAnonymous } from '../../lib/lake/document-reader'
import { lakeClient, makeTempDir, removeDir, startTestLake, TOKEN, waitFor } from './helpers'
import { openListen } from './studio-support'

const auth = { authorization: `Bearer ${TOKEN}` }
const tempDirs: string[] = []
let lake: RunningLakeServer
let editor: SanityClient
let anonymous: SanityClient

beforeAll(async () => {
  const started = await startTestLake()
  lake = started.lake
  tempDirs.push(started.dataDir)
  editor = lakeClient(lake.url, { token: TOKEN })
  anonymous = lakeClient(lake.url)
})

afterAll(async () => {
  await lake?.close()
  tempDirs.forEach(removeDir)
})

let colour = 0
async function uploadFresh(client: SanityClient): Promise<{ _id: string; url: string }> {
  colour += 1
  const png = await sharp({ create: { width: 12, height: 8, channels: 3, background: { r: colour, g: 40, b: 90 } } }).png().toBuffer()
  return client.assets.upload('image', png)
}

const pictureOf = (assetId: string) => ({ _type: 'image', asset: { _type: 'reference', _ref: assetId } })

/** How anonymous readers see the asset through every read path. */
async function anonymousView(asset: { _id: string; url: string }) {
  const [indexed, ordered, fullscan, byId, doc, image] = await Promise.all([
    anonymous.fetch<string[]>('*[_type == "sanity.imageAsset"]._id'),
    anonymous.fetch<string[]>('*[_type == "sanity.imageAsset"] | order(_createdAt desc)[0...100]._id'),
    anonymous.fetch<string[]>('*[defined(sha1hash)]._id'),
    anonymous.fetch('*[_id == $id][0]._id', { id: asset._id }),
    anonymous.getDocument(asset._id),
    fetch(`${asset.url}?w=32`),
  ])
  return {
    listed: [indexed.includes(asset._id), ordered.includes(asset._id), fullscan.includes(asset._id), byId === asset._id, Boolean(doc)],
    imageStatus: image.status,
    cacheControl: image.headers.get('cache-control'),
  }
}

describe("publicAssets: 'referenced' (the default)", () => {
  it('hides an image referenced only by a draft, then shows it once the document is published', async () => {
    const asset = await uploadFresh(editor)
    await editor.create({ _id: 'drafts.embargo-story', _type: 'probe', picture: pictureOf(asset._id) })

    const hidden = await anonymousView(asset)
    expect(hidden.listed).toEqual([false, false, false, false, false])
    expect(hidden.imageStatus).toBe(404)
    expect(await anonymous.fetch('*[_id == "article-one"][0].leadFigure.asset->_id')).toMatch(/^image-/)

    expect(await editor.fetch('*[_id == $id][0]._id', { id: asset._id })).toBe(asset._id)
    const authed = await fetch(`${asset.url}?w=32`, { headers: auth })
    expect(authed.status).toBe(200)
    expect(authed.headers.get('cache-control')).toBe('private, no-store')

    await editor.transaction()
      .createOrReplace({ _id: 'embargo-story', _type: 'probe', picture: pictureOf(asset._id) })
      .delete('drafts.embargo-story')
      .commit()
    const published = await anonymousView(asset)
    expect(published.listed).toEqual([true, true, true, true, true])
    expect(published.imageStatus).toBe(200)
    expect(published.cacheControl).toBe('public, max-age=31536000, immutable')
    expect(await anonymous.fetch('*[_id == "embargo-story"][0].picture.asset->_id')).toBe(asset._id)

    await editor.delete('embargo-story')
    const unpublished = await anonymousView(asset)
    expect(unpublished.listed).toEqual([false, false, false, false, false])
    expect(unpublished.imageStatus).toBe(404)
  })

  it('does not count release versions or unreferenced uploads', async () => {
    const asset = await uploadFresh(editor)
    await editor.create({ _id: 'versions.r1.embargo-release', _type: 'probe', picture: pictureOf(asset._id) })
    expect((await anonymousView(asset)).imageStatus).toBe(404)
    const orphan = await uploadFresh(editor)
    expect((await anonymousView(orphan)).listed).toEqual([false, false, false, false, false])
  })

  it('sends anonymous listeners no event for an embargoed asset, and events once it is published', async () => {
    const url = `${lake.url}/v2025-02-19/data/listen/production?query=${encodeURIComponent('*[_type == "sanity.imageAsset"]')}`
    const [reader, editorStream] = await Promise.all([openListen(url), openListen(url, TOKEN)])
    const ids = (events: Record<string, unknown>[]) => events.map((event) => event.documentId)
    try {
      const asset = await uploadFresh(editor)
      await editor.patch(asset._id).set({ title: 'still embargoed' }).commit()
      await waitFor(() => ids(editorStream.events).filter((id) => id === asset._id).length === 2, 5000, "the editor's events")
      await new Promise((resolve) => setTimeout(resolve, 200))
      expect(ids(reader.events)).not.toContain(asset._id)
      await editor.create({ _id: 'embargo-listen-published', _type: 'probe', picture: pictureOf(asset._id) })
      await editor.patch(asset._id).set({ title: 'published' }).commit()
      await waitFor(() => ids(reader.events).includes(asset._id), 5000, "the reader's event after publishing")
    } finally {
      reader.close()
      editorStream.close()
    }
  })

  it('gives listeners a predicate with the same rule', async () => {
    const asset = await uploadFresh(editor)
    const doc = await editor.getDocument(asset._id)
    const db = lake.store.database
    expect(visibleToAnonymous(db, doc!)).toBe(false)
    expect(visibleToAnonymous(db, doc!, 'all')).toBe(true)
    await editor.create({ _id: 'embargo-listener', _type: 'probe', body: [{ _type: 'figure', asset: { _ref: asset._id } }] })
    expect(visibleToAnonymous(db, doc!)).toBe(true)
    expect(visibleToAnonymous(db, { _id: 'drafts.embargo-listener', _type: 'probe' })).toBe(false)
  })
})

describe("publicAssets: 'all'", () => {
  it('lists and serves every asset anonymously', async () => {
    const dataDir = makeTempDir()
    tempDirs.push(dataDir)
    const open = await startLakeServer({ dataDir, port: 0, token: TOKEN, publicAssets: 'all', log: () => undefined })
    try {
      const asset = await uploadFresh(lakeClient(open.url, { token: TOKEN }))
      const anon = lakeClient(open.url)
      expect(await anon.fetch<string[]>('*[_type == "sanity.imageAsset"]._id')).toContain(asset._id)
      expect(await anon.getDocument(asset._id)).toMatchObject({ _id: asset._id })
      const image = await fetch(`${asset.url}?w=32`)
      expect(image.status).toBe(200)
      expect(image.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    } finally {
      await open.close()
    }
  })
})

describe('the asset reference table', () => {
  it('is rebuilt from the stored documents when an older lake file is opened', async () => {
    const dataDir = makeTempDir()
    tempDirs.push(dataDir)
    const store = openLakeStore(dataDir)
    await store.mutate([
      { create: { _id: 'image-abc-1x1-png', _type: 'sanity.imageAsset' } },
      { create: { _id: 'uses-it', _type: 'probe', picture: pictureOf('image-abc-1x1-png') } },
      { create: { _id: 'drafts.uses-other', _type: 'probe', picture: pictureOf('image-def-1x1-png') } },
    ])
    store.database.db.exec('DROP TABLE asset_refs')
    await store.close()
    const reopened = openLakeStore(dataDir)
    try {
      expect(reopened.database.isAssetReferenced('image-abc-1x1-png')).toBe(true)
      expect(reopened.database.isAssetReferenced('image-def-1x1-png')).toBe(false)
      const anon = await reopened.query('*[_type == "sanity.imageAsset"]._id', {}, { authenticated: false })
      expect(anon.result).toEqual(['image-abc-1x1-png'])
    } finally {
      await reopened.close()
    }
  })
})
