/**
 * Issue 18 row 5: `?rect=<random>` made every anonymous request a fresh render, and a flood of
 * them answered legitimate first renders with 503. Anonymous readers now get only the crops
 * stored on published images (as @sanity/image-url builds them), and first renders of the
 * published variants go before any odd variant, however many clients loop on those.
 */

import { createImageUrlBuilder } from '@sanity/image-url'
import sharp from 'sharp'
import { startLakeServer, type RunningLakeServer } from '../../lib/lake'
import { makeTempDir, removeDir, TOKEN } from './helpers'

jest.setTimeout(120_000)

const auth = { authorization: `Bearer ${TOKEN}` }
let lake: RunningLakeServer
let dataDir: string
let api: string

beforeAll(async () => {
  dataDir = makeTempDir()
  lake = await startLakeServer({ dataDir, port: 0, token: TOKEN, log: () => undefined, maxConcurrentImageRenders: 1, maxQueuedImageRenders: 16 })
  api = `${lake.url}/v2025-02-19`
})

afterAll(async () => {
  await lake?.close()
  removeDir(dataDir)
})

const crop = { _type: 'sanity.imageCrop', top: 0.1, bottom: 0.05, left: 0.2, right: 0 }
const hotspot = { _type: 'sanity.imageHotspot', x: 0.6, y: 0.4, width: 0.3, height: 0.3 }

/** Uploads a noisy image and publishes a document that uses it with a crop and hotspot. */
async function publishCroppedImage(id: string): Promise<{ url: string; assetId: string }> {
  const noise = Buffer.from(Array.from({ length: 800 * 600 * 3 }, (_, i) => (i * 7919 + id.length) % 251))
  const bytes = await sharp(noise, { raw: { width: 800, height: 600, channels: 3 } }).jpeg().toBuffer()
  const res = await fetch(`${api}/assets/images/production`, { method: 'POST', headers: auth, body: new Uint8Array(bytes) })
  const { document } = (await res.json()) as { document: { _id: string; url: string } }
  await lake.store.mutate([{ createOrReplace: { _id: id, _type: 'photoHolder', image: { _type: 'image', asset: { _type: 'reference', _ref: document._id }, crop, hotspot } } }])
  return { url: document.url, assetId: document._id }
}

/** The rect @sanity/image-url builds for the stored crop and hotspot at w×h. */
function siteRect(assetId: string, w: number, h: number): string {
  const url = createImageUrlBuilder({ projectId: 'p', dataset: 'd' }).image({ asset: { _ref: assetId }, crop, hotspot }).width(w).height(h).url()
  return new URL(url).searchParams.get('rect') as string
}

it('refuses an anonymous rect that no published use of the image stores, and serves the stored ones', async () => {
  const { url, assetId } = await publishCroppedImage('photo-crop')
  const random = await fetch(`${url}?rect=13,17,301,203&w=640`)
  expect(random.status).toBe(400)
  expect(((await random.json()) as { error: { type: string } }).error.type).toBe('imageRectNotAllowed')
  expect((await fetch(`${url}?rect=13,17,301,203&w=640`, { headers: auth })).status).toBe(200) // editors preview any crop
  const rect = siteRect(assetId, 640, 360)
  expect((await fetch(`${url}?rect=${rect}&w=640&h=360&q=75&auto=format`)).status).toBe(200)
  // The loader rescales the height with the width: the rect built for 640x360 still matches at 828.
  expect((await fetch(`${url}?rect=${rect}&w=828&h=466&q=75&auto=format`)).status).toBe(200)
  const whole = createImageUrlBuilder({ projectId: 'p', dataset: 'd' }).image({ asset: { _ref: assetId }, crop }).url()
  expect((await fetch(`${url}?rect=${new URL(whole).searchParams.get('rect')}&w=256`)).status).toBe(200)
})

it('renders every first render of a published width while 32 clients loop on fresh variants', async () => {
  const images = await Promise.all([publishCroppedImage('photo-a'), publishCroppedImage('photo-b')])
  const deadline = Date.now() + 4000
  const flood: Record<string, number> = {}
  let n = 0
  const loop = async () => {
    while (Date.now() < deadline) {
      const i = n++
      const res = await fetch(`${images[i % 2].url}?rect=${i % 400},${i % 300},${200 + (i % 97)},${150 + (i % 89)}&w=640`, { headers: auth })
      await res.arrayBuffer()
      flood[res.status] = (flood[res.status] ?? 0) + 1
    }
  }
  const attackers = Array.from({ length: 32 }, loop)
  await new Promise((resolve) => setTimeout(resolve, 500))
  const widths = [256, 384, 640, 750, 828, 1080, 1200, 1920, 2048, 96, 128, 48]
  const firsts = await Promise.all(images.flatMap((image) => widths.map(async (w) => {
    const res = await fetch(`${image.url}?w=${w}&q=75&auto=format`)
    await res.arrayBuffer()
    return res.status
  })))
  await Promise.all(attackers)
  expect(firsts).toEqual(Array(24).fill(200))
  expect(Object.keys(flood).every((status) => ['200', '429', '503'].includes(status))).toBe(true)
})
