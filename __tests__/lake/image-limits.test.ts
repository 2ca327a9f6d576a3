/**
 * The image service's limits (issue 12, rows 2 and 11): decompression bombs refused from the
 * header, allowed widths and qualities, clamped output, validated rects, canonical parameters
 * sharing one cache entry, and a bounded render queue answering 503 + Retry-After.
 */

import fs from 'node:fs'
import path from 'node:path'
import sharp from 'sharp'
import { startLakeServer, type RunningLakeServer } from '../../lib/lake'
import { MAX_INPUT_PIXELS, MAX_OUTPUT_DIMENSION, MAX_OUTPUT_PIXELS } from '../../lib/lake/image-limits'
import { ImageService, type RenderedImage } from '../../lib/lake/image-service'
import { canonicalQuery, parseImageTransform } from '../../lib/lake/image-transform'
import { makeTempDir, removeDir, TOKEN } from './helpers'

jest.setTimeout(60000)

const auth = { authorization: `Bearer ${TOKEN}` }
const SOURCE = { ext: 'png', width: 800, height: 400 }
const canonical = (qs: string, source = SOURCE, accept = '') => canonicalQuery(parseImageTransform(new URLSearchParams(qs), source, accept))
const transform = (qs: string, source = SOURCE) => parseImageTransform(new URLSearchParams(qs), source, '')

function expectParameterError(qs: string, message: RegExp): void {
  let caught: unknown
  try {
    transform(qs)
  } catch (err) {
    caught = err
  }
  expect(caught).toMatchObject({ statusCode: 400, body: { error: { type: 'imageParameterError', description: expect.stringMatching(message) } } })
}

describe('parameters (canonical transform)', () => {
  it('snaps widths to the loader widths, keeping the aspect ratio of a crop', () => {
    expect(transform('w=256')).toMatchObject({ width: 256 })
    expect(transform('w=200')).toMatchObject({ width: 256 })
    expect(transform('w=3840')).toMatchObject({ width: 2048 })
    expect(transform('w=320&dpr=2')).toMatchObject({ width: 640 })
    expect(transform('w=700&h=394&fit=crop')).toMatchObject({ width: 750, height: 422 })
    expectParameterError('w=4001', /between 1 and 4000/)
  })

  it('clamps the output to 2560 px a side and 4 megapixels, whatever the region', () => {
    const tall = transform('w=2048&h=4000&fit=crop')
    expect(tall.height).toBeLessThanOrEqual(MAX_OUTPUT_DIMENSION)
    expect((tall.width ?? 0) * (tall.height ?? 0)).toBeLessThanOrEqual(MAX_OUTPUT_PIXELS)
    // A 1x20 region scaled to a width: the height follows (20x the width), so both are clamped.
    const sliver = transform('rect=0,0,1,20&w=2048')
    expect(sliver.width! * 20).toBeLessThanOrEqual(MAX_OUTPUT_DIMENSION)
    // No size asked: the original size, clamped (6000x4000 → 2508x1672).
    const original = transform('', { ext: 'jpg', width: 6000, height: 4000 })
    expect(original).toMatchObject({ width: 2508, height: undefined })
    expect(original.width! * Math.round((original.width! * 4000) / 6000)).toBeLessThanOrEqual(MAX_OUTPUT_PIXELS)
  })

  it('accepts only rects inside the image with a positive size', () => {
    expect(transform('rect=10,10,100,50').rect).toEqual([10, 10, 100, 50])
    expectParameterError('rect=700,0,200,100', /inside the 800x400 image/)
    expectParameterError('rect=0,0,0,10', /positive width and height/)
    expectParameterError('rect=-1,0,10,10', /whole numbers/)
    expectParameterError('rect=0,0,10', /x,y,width,height/)
  })

  it('snaps qualities to 50, 75 or 90 and rejects unknown fit, crop, auto and formats', () => {
    expect(transform('fm=jpg&q=100').quality).toBe(90)
    expect(transform('fm=webp&q=70').quality).toBe(75)
    expect(transform('fm=png&q=70').quality).toBeUndefined()
    expectParameterError('fit=stretch', /Unsupported fit/)
    expectParameterError('crop=middle', /Unsupported crop/)
    expectParameterError('auto=compress', /only auto=format/)
    expectParameterError('fm=bmp', /Unsupported output format/)
  })

  it('gives equivalent requests one canonical form (order, defaults, dpr, snapping, no-ops)', () => {
    const forms = ['w=256&fm=webp&q=75', 'q=75&fm=webp&w=256', 'w=250&q=74&fm=webp', 'w=128&dpr=2&fm=webp&crop=top&bg=fff', 'fm=webp&w=256&fit=clip&rect=0,0,800,400']
    expect(new Set(forms.map((qs) => canonical(qs))).size).toBe(1)
    expect(canonical('fit=crop&crop=top')).toBe(canonical(''))
    expect(canonical('auto=format', SOURCE, 'image/avif,image/webp')).toBe(canonical('fm=avif&q=50'))
    expect(canonical('w=256')).not.toBe(canonical('w=384'))
  })
})

describe('render queue', () => {
  const rendered = (): RenderedImage => ({ data: Buffer.from('x'), contentType: 'image/png', etag: '"e"' })

  it('runs one render per key, queues up to the limit, then answers 503 with Retry-After', async () => {
    const service = new ImageService({ maxConcurrentRenders: 1, maxQueuedRenders: 1 })
    const gates: (() => void)[] = []
    const slow = () => new Promise<RenderedImage>((resolve) => gates.push(() => resolve(rendered())))
    const first = service.get('a', slow)
    const same = service.get('a', slow)
    const queued = service.get('b', slow)
    await expect(service.get('c', slow)).rejects.toMatchObject({
      statusCode: 503, headers: { 'retry-after': expect.stringMatching(/^\d+$/) }, body: { error: { type: 'imageRenderBusy' } },
    })
    gates.shift()?.()
    expect((await first).source).toBe('miss')
    expect((await same).source).toBe('shared')
    await new Promise((resolve) => setImmediate(resolve))
    gates.shift()?.()
    expect((await queued).source).toBe('miss')
    expect((await service.get('a', slow)).source).toBe('hit')
    expect(service.renders).toBe(2)
  })
})

describe('over HTTP', () => {
  let lake: RunningLakeServer
  let dataDir: string
  let api: string
  let bomb: Buffer

  beforeAll(async () => {
    dataDir = makeTempDir()
    lake = await startLakeServer({
      dataDir, port: 0, token: TOKEN, log: () => undefined, publicAssets: 'all', maxConcurrentImageRenders: 1, maxQueuedImageRenders: 1,
    })
    api = `${lake.url}/v2025-02-19`
    bomb = await sharp({ create: { width: 16000, height: 16000, channels: 3, background: '#fff' } }).png().toBuffer()
  })

  afterAll(async () => {
    await lake?.close()
    removeDir(dataDir)
  })

  const upload = (body: Buffer) => fetch(`${api}/assets/images/production`, { method: 'POST', headers: auth, body: new Uint8Array(body) })

  it('refuses a 16000x16000 PNG bomb from its header, fast, naming the limit, and stores nothing', async () => {
    expect(bomb.length).toBeLessThan(1024 * 1024)
    const started = Date.now()
    const res = await upload(bomb)
    const elapsed = Date.now() - started
    expect(res.status).toBe(413)
    const body = await res.json()
    expect(body.error).toMatchObject({ type: 'imageTooLarge' })
    expect(body.error.description).toMatch(/16000x16000 \(256 megapixels\).*up to 40 megapixels/)
    expect(elapsed).toBeLessThan(2000) // decoding it took 9.75 s before the fix
    const stored = fs.existsSync(path.join(dataDir, 'assets', 'images')) ? fs.readdirSync(path.join(dataDir, 'assets', 'images')) : []
    expect(stored).toEqual([])
  })

  it('refuses to render a stored original above the limit even when its name claims a small size', async () => {
    const name = `${'f'.repeat(40)}-10x10.png`
    fs.mkdirSync(path.join(dataDir, 'assets', 'images'), { recursive: true })
    fs.writeFileSync(path.join(dataDir, 'assets', 'images', name), bomb)
    const res = await fetch(`${lake.url}/images/local/production/${name}?w=32`, { headers: auth })
    expect(res.status).toBe(422)
    expect((await res.json()).error).toMatchObject({ type: 'imageTooLarge', description: expect.stringContaining(`${MAX_INPUT_PIXELS / 1e6} megapixel`) })
  })

  it('serves equivalent requests from one cache entry with one ETag, and clamps hostile sizes', async () => {
    const asset = (await (await upload(await sharp({ create: { width: 800, height: 400, channels: 3, background: '#369' } }).png().toBuffer())).json()).document
    const first = await fetch(`${asset.url}?w=250&q=74&fm=webp`)
    const second = await fetch(`${asset.url}?fm=webp&q=75&w=256`)
    const third = await fetch(`${asset.url}?w=128&dpr=2&fm=webp&crop=top`)
    expect([first.status, second.status, third.status]).toEqual([200, 200, 200])
    expect(first.headers.get('x-lake-image-cache')).toBe('miss')
    expect(second.headers.get('x-lake-image-cache')).toBe('hit')
    expect(third.headers.get('x-lake-image-cache')).toBe('hit')
    expect(new Set([first, second, third].map((r) => r.headers.get('etag'))).size).toBe(1)
    expect((await sharp(Buffer.from(await first.arrayBuffer())).metadata()).width).toBe(256)

    const hostile = await fetch(`${asset.url}?rect=0,0,1,20&w=4000&h=4000&fit=crop&crop=focalpoint`, { headers: auth }) // any rect needs a token
    expect(hostile.status).toBe(200)
    const meta = await sharp(Buffer.from(await hostile.arrayBuffer())).metadata()
    expect(meta.width! * meta.height!).toBeLessThanOrEqual(MAX_OUTPUT_PIXELS)
    expect((await fetch(`${asset.url}?rect=0,0,801,10`, { headers: auth })).status).toBe(400)
  })

  it('answers 503 with Retry-After when more odd variants arrive than run and wait; published widths all render', async () => {
    const noise = await sharp(Buffer.from(Array.from({ length: 1200 * 800 * 3 }, (_, i) => (i * 7919) % 251)), { raw: { width: 1200, height: 800, channels: 3 } })
      .jpeg()
      .toBuffer()
    const asset = (await (await upload(noise)).json()).document
    const rects = ['0,0,600,400', '10,0,600,400', '20,0,600,400', '30,0,600,400', '40,0,600,400', '50,0,600,400']
    const replies = await Promise.all(rects.map((rect) => fetch(`${asset.url}?rect=${rect}&w=640&fm=avif&q=90`, { headers: auth })))
    const statuses = replies.map((r) => r.status)
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true)
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(2)
    const busy = replies.find((r) => r.status === 503)
    expect(busy).toBeDefined()
    expect(busy!.headers.get('retry-after')).toMatch(/^\d+$/)
    expect((await busy!.json()).error).toMatchObject({ type: 'imageRenderBusy' })
    // First renders of the published widths queue (one slot, one queue place for odd variants) and all succeed.
    const widths = [640, 750, 828, 1080, 1200, 1920]
    const firsts = await Promise.all(widths.map((w) => fetch(`${asset.url}?w=${w}&q=75&auto=format`)))
    expect(firsts.map((r) => r.status)).toEqual(widths.map(() => 200))
  })
})
