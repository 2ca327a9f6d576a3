/** Asset upload through @sanity/client, image serving with resizing, and NDJSON import/export. */

import fs from 'node:fs'
import path from 'node:path'
import sharp from 'sharp'
import type { SanityClient } from '@sanity/client'
import { exportNdjson, importNdjson, openLakeStore, type RunningLakeServer } from '../../lib/lake'
import { FIXTURES_DIR, lakeClient, makeTempDir, removeDir, startTestLake, TOKEN } from './helpers'
const auth = { authorization: `Bearer ${TOKEN}` }

let lake: RunningLakeServer
let dataDir: string
let editor: SanityClient
const tempDirs: string[] = []

beforeAll(async () => {
  ;({ lake, dataDir } = await startTestLake())
  editor = lakeClient(lake.url, { token: TOKEN })
})

afterAll(async () => {
  await lake?.close()
  removeDir(dataDir)
  tempDirs.forEach(removeDir)
})

async function pngOf(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 10, g: 120, b: 200 } } }).png().toBuffer()
}

describe('image assets', () => {
  it('client.assets.upload creates a sanity.imageAsset with Sanity-shaped id and metadata', async () => {
    const bytes = await pngOf(320, 200)
    const asset = await editor.assets.upload('image', bytes, { filename: 'blue.png' })
    expect(asset._id).toMatch(/^image-[a-f0-9]{40}-320x200-png$/)
    expect(asset).toMatchObject({
      _type: 'sanity.imageAsset', mimeType: 'image/png', extension: 'png', size: bytes.length, originalFilename: 'blue.png',
      metadata: { dimensions: { width: 320, height: 200, aspectRatio: 1.6 } },
    })
    expect(asset.url.startsWith(`${lake.url}/images/local/production/`)).toBe(true)
    const again = await editor.assets.upload('image', bytes)
    expect(again._id).toBe(asset._id)
  })

  it('rejects anonymous and non-image uploads', async () => {
    await expect(lakeClient(lake.url).assets.upload('image', await pngOf(4, 4))).rejects.toMatchObject({ statusCode: 401 })
    await expect(editor.assets.upload('image', Buffer.from('not an image'))).rejects.toMatchObject({ statusCode: 400 })
  })

  it('serves images resized, in the requested format, with cache headers', async () => {
    const asset = await editor.assets.upload('image', await pngOf(800, 400))
    // Anonymous readers get an asset once a published document uses it (embargo-safe assets).
    await editor.create({ _type: 'probe', picture: { _type: 'image', asset: { _type: 'reference', _ref: asset._id } } })
    const resized = await fetch(`${asset.url}?w=256&fm=jpg&q=75`)
    expect(resized.status).toBe(200)
    expect(resized.headers.get('content-type')).toBe('image/jpeg')
    expect(resized.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    const meta = await sharp(Buffer.from(await resized.arrayBuffer())).metadata()
    expect([meta.width, meta.height]).toEqual([256, 128])

    const cropped = await fetch(`${asset.url}?w=96&h=96&fit=crop&auto=format`, { headers: { accept: 'image/webp,*/*' } })
    expect(cropped.headers.get('content-type')).toBe('image/webp')
    const cropMeta = await sharp(Buffer.from(await cropped.arrayBuffer())).metadata()
    expect([cropMeta.width, cropMeta.height]).toEqual([96, 96])

    const rect = await fetch(`${asset.url}?rect=0,0,400,400&w=48`, { headers: auth }) // any rect needs a token (image-crops.ts)
    expect((await sharp(Buffer.from(await rect.arrayBuffer())).metadata()).height).toBe(48)

    const etag = resized.headers.get('etag')
    expect(etag).toBeTruthy()
    const cached = await fetch(`${asset.url}?w=256&fm=jpg&q=75`, { headers: { 'if-none-match': etag! } })
    expect(cached.status).toBe(304)
  })

  it('bounds sizes and 404s unknown images', async () => {
    const asset = await editor.assets.upload('image', await pngOf(10, 10))
    expect((await fetch(`${asset.url}?w=5000`)).status).toBe(400)
    expect((await fetch(`${asset.url}?fm=bmp`)).status).toBe(400)
    expect((await fetch(`${lake.url}/images/local/production/${'0'.repeat(40)}-10x10.png`)).status).toBe(404)
    expect((await fetch(`${lake.url}/images/local/production/nonsense.png`)).status).toBe(404)
  })

  it('seeded _sanityAsset fields become image references that resolve', async () => {
    const figure = await editor.fetch('*[_id == "article-one"][0].leadFigure{alt, "url": asset->url, "w": asset->metadata.dimensions.width}')
    expect(figure).toMatchObject({ alt: 'A red square', w: 64 })
    expect((await fetch(`${figure.url}?w=32`)).status).toBe(200)
  })
})

describe('NDJSON export and import', () => {
  it('round-trips documents and images in Sanity export format', async () => {
    const outDir = makeTempDir('lake-export-')
    tempDirs.push(outDir)
    const file = path.join(outDir, 'data.ndjson')
    const { documents } = await exportNdjson(lake.store, file, { includeDrafts: true })
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l))
    expect(lines).toHaveLength(documents)
    expect(lines.some((d) => d._type === 'sanity.imageAsset')).toBe(false)
    const one = lines.find((d) => d._id === 'article-one')
    expect(one.leadFigure).toMatchObject({ _type: 'figure', alt: 'A red square', _sanityAsset: expect.stringMatching(/^image@file:\/\/\.\/images\/[a-f0-9]{40}-64x48\.png$/) })
    expect(one.leadFigure.asset).toBeUndefined()
    expect(fs.existsSync(path.join(outDir, one.leadFigure._sanityAsset.replace('image@file://./', '')))).toBe(true)

    const copyDir = makeTempDir()
    tempDirs.push(copyDir)
    const copy = openLakeStore(copyDir)
    const progress: string[] = []
    await importNdjson(copy, file, { onProgress: (p) => progress.push(p.step) })
    expect(progress).toContain('done')
    const q = '*[_id == "article-one"][0]{headline, "w": leadFigure.asset->metadata.dimensions.width}'
    expect((await copy.query(q)).result).toEqual({ headline: 'One', w: 64 })
    await expect(importNdjson(copy, file, { mode: 'create' })).rejects.toMatchObject({ statusCode: 409 })
    await importNdjson(copy, file, { mode: 'replace' })
    await copy.close()
  })

  it('fails cleanly on a bad line and leaves the store untouched', async () => {
    const dir = makeTempDir()
    tempDirs.push(dir)
    const store = openLakeStore(dir)
    const bad = path.join(dir, 'bad.ndjson')
    fs.writeFileSync(bad, '{"_id":"a","_type":"x"}\n{not json}\n')
    await expect(importNdjson(store, bad)).rejects.toThrow(/Line 2/)
    expect(store.countDocuments()).toBe(0)
    await store.close()
    expect(fs.existsSync(path.join(FIXTURES_DIR, 'data.ndjson'))).toBe(true)
  })
})
