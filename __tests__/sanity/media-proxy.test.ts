import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import fc from 'fast-check'
import { urlForImage } from '@/lib/sanity/image'
import sanityImageLoader from '@/lib/sanity/image-loader'
import { canonicalSiteImageQuery, MAX_IMAGE_OUTPUT_PIXELS, MAX_IMAGE_OUTPUT_SIDE, SITE_IMAGE_QUALITIES, SITE_IMAGE_WIDTHS } from '@/lib/sanity/image-variants'
import { proxyLakeImage } from '@/lib/sanity/media-proxy'

const HASH = '2f4e1b5c0d9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c'
const FILE = `${HASH}-1600x900.png`
const PATH = ['local', 'production', FILE]

describe('proxyLakeImage', () => {
  let server: Server
  let seen: string[] = []
  let reply = { status: 200, headers: {} as Record<string, string> }
  const saved = { ...process.env }

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.url ?? '')
      res.writeHead(reply.status, {
        'content-type': 'image/png',
        'cache-control': 'public, max-age=31536000, immutable',
        'x-internal': 'no',
        ...reply.headers,
      })
      res.end('png-bytes')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    process.env.LAKE_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    delete process.env.SANITY_PROJECT_ID
  })
  afterAll(async () => {
    process.env = { ...saved }
    await new Promise((resolve) => server.close(resolve))
  })
  beforeEach(() => {
    seen = []
    reply = { status: 200, headers: {} }
  })

  const get = (query: string, segments = PATH) => proxyLakeImage(segments, new Request(`http://site/media/images/${segments.join('/')}${query}`))

  it('forwards what the loader asks for, in canonical order, and keeps caching headers', async () => {
    const response = await get('?rect=0,0,1600,900&w=750&h=422&fit=crop&auto=format&q=75')
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('png-bytes')
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(response.headers.get('x-internal')).toBeNull()
    // The whole-image rect is dropped; the order is rect, w, h, fit, q, auto.
    expect(seen).toEqual([`/images/local/production/${FILE}?w=750&h=422&fit=crop&q=75&auto=format`])
  })

  it('sends equivalent requests to one upstream URL', async () => {
    for (const query of ['?auto=format&w=640&q=75', '?w=640&q=75&auto=format', '?q=075&w=0640&auto=format']) {
      expect((await get(query)).status).toBe(200)
    }
    expect(new Set(seen)).toEqual(new Set([`/images/local/production/${FILE}?w=640&q=75&auto=format`]))
  })

  it.each([
    ['the amplification attack of issue 12', '?rect=0,0,1,20&w=4000&h=4000&fit=crop&crop=focalpoint&auto=format'],
    ['an output format and quality the site never asks for', '?w=4000&h=4000&fm=avif&q=100&auto=format'],
    ['a width next/image never asks for', '?w=641&q=75&auto=format'],
    ['a width above every allowed width', '?w=4000&q=75&auto=format'],
    ['a quality outside images.qualities', '?w=640&q=100&auto=format'],
    ['dpr', '?w=640&q=75&dpr=3&auto=format'],
    ['a focal point', '?w=640&h=360&fit=crop&fp-x=0.1&fp-y=0.1&auto=format'],
    ['h without fit=crop', '?w=640&h=360&auto=format'],
    ['h without w', '?h=360&fit=crop&auto=format'],
    ['fit without h', '?w=640&fit=crop&auto=format'],
    ['a height that breaks the shape of the image', '?w=640&h=640&fit=crop&auto=format'],
    ['a height that breaks the shape of its rect', '?rect=0,0,1,20&w=640&h=360&fit=crop&auto=format'],
    ['a rect outside the image', '?rect=1000,0,1000,900&w=640&auto=format'],
    ['an empty rect', '?rect=0,0,0,10&w=640&auto=format'],
    ['a malformed rect', '?rect=0,0,1e3,10&w=640&auto=format'],
    ['a repeated parameter', '?w=640&w=3840&auto=format'],
    ['no auto=format', '?w=640&q=75'],
    ['another auto', '?w=640&auto=compress'],
    ['q without w', '?q=75&auto=format'],
  ])('refuses %s with a 400 in Sanity’s error shape, without asking the lake', async (_, query) => {
    const response = await get(query)
    expect(response.status).toBe(400)
    const body = await response.json()
    expect(body.error.type).toBe('imageParameterError')
    expect(typeof body.error.description).toBe('string')
    expect(seen).toEqual([])
  })

  it('sizes a tall crop down to the largest allowed width that fits the output bounds', async () => {
    // 100 x 900 pixels of the image at 3840 wide would be 3840 x 34560.
    const response = await get('?rect=0,0,100,900&w=3840&q=75&auto=format')
    expect(response.status).toBe(200)
    expect(seen).toEqual([`/images/local/production/${FILE}?rect=0,0,100,900&w=384&q=75&auto=format`])
  })

  it('passes the lake’s 503 and Retry-After through', async () => {
    reply = { status: 503, headers: { 'retry-after': '2' } }
    const response = await get('?w=640&q=75&auto=format')
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('2')
  })

  it.each([
    [['local', 'production', '../../etc/passwd']],
    [['local', 'production', FILE, 'extra']],
    [['local', '..', FILE]],
    [['local', 'production']],
    [['local', 'production', `${HASH}-0x900.png`]],
  ])('refuses %j without asking the lake', async (segments) => {
    const response = await proxyLakeImage(segments, new Request('http://site/media/x?w=640&auto=format'))
    expect(response.status).toBe(404)
    expect((await response.json()).error.type).toBe('notFound')
    expect(seen).toEqual([])
  })

  it('is a 404 with a real Sanity project (images come from its CDN)', async () => {
    process.env.SANITY_PROJECT_ID = 'abc123'
    const response = await proxyLakeImage(['abc123', 'production', FILE], new Request('http://site/x?auto=format'))
    expect(response.status).toBe(404)
    delete process.env.SANITY_PROJECT_ID
  })
})

/** The size the image service renders for a query (the rect, or the image, when it has no `w`). */
function outputOf(query: URLSearchParams, source: { width: number; height: number }) {
  const rect = query.get('rect')?.split(',').map(Number)
  const region = rect ? { width: rect[2], height: rect[3] } : source
  if (!query.has('w')) return region
  const width = Number(query.get('w'))
  const height = query.has('h') ? Number(query.get('h')) : Math.round((width * region.height) / region.width)
  return { width, height }
}

describe('canonicalSiteImageQuery accepts every URL the site builds', () => {
  const fraction = fc.double({ min: 0, max: 0.45, noNaN: true })
  const size = fc.integer({ min: 8, max: 8000 })

  // Found by this property (seed -772205944): an 8-pixel image cropped to 1 pixel gave `rect=4,4,0,0`.
  it('for any asset size, editor crop and hotspot, with and without a fixed crop box, at every width next/image uses', () => {
    fc.assert(
      fc.property(
        size,
        size,
        fc.option(fc.record({ top: fraction, bottom: fraction, left: fraction, right: fraction }), { nil: undefined }),
        fc.option(fc.record({ x: fc.double({ min: 0.05, max: 0.95, noNaN: true }), y: fc.double({ min: 0.05, max: 0.95, noNaN: true }), width: fc.constant(0.1), height: fc.constant(0.1) }), { nil: undefined }),
        fc.constantFrom(undefined, { width: 640, height: 360 }),
        (width, height, crop, hotspot, box) => {
          const source = { asset: { _id: `image-${HASH}-${width}x${height}-png` }, ...(crop ? { crop } : {}), ...(hotspot ? { hotspot } : {}) }
          const image = urlForImage(source)
          const src = box ? image.width(box.width).height(box.height).fit('crop').url() : image.url()
          // Shapes thinner than 1:40 (a 20x8000 strip) are outside what the site publishes.
          const region = outputOf(new URL(src, 'http://site').searchParams, { width, height })
          fc.pre(Math.max(region.width / region.height, region.height / region.width) <= 40)
          // Unsized (Open Graph, JSON-LD) and every size next/image asks the loader for.
          const urls = [src, ...SITE_IMAGE_WIDTHS.map((w) => sanityImageLoader({ src, width: w }))]
          for (const url of urls) {
            const result = canonicalSiteImageQuery(new URL(url, 'http://site').searchParams, { width, height })
            if (!result.ok) throw new Error(`${url}: ${result.error}`)
            const output = outputOf(new URLSearchParams(result.query), { width, height })
            expect(Math.max(output.width, output.height)).toBeLessThanOrEqual(MAX_IMAGE_OUTPUT_SIDE)
            expect(output.width * output.height).toBeLessThanOrEqual(MAX_IMAGE_OUTPUT_PIXELS)
          }
        },
      ),
      { numRuns: 150 },
    )
  }, 30_000)

  it('drops an editor crop that would round to an empty rect (the counterexample above)', () => {
    const source = { asset: { _id: `image-${HASH}-8x8-png` }, crop: { top: 0, bottom: 0, left: 0.4375, right: 0.4375000000000001 } }
    const url = urlForImage(source).width(640).height(360).fit('crop').url()
    // The whole 8x8 image cut to 16:9, not the 1-pixel crop (which gave rect=4,4,0,0).
    expect(new URL(url, 'http://site').searchParams.get('rect')).toBe('0,2,8,5')
    expect(canonicalSiteImageQuery(new URL(url, 'http://site').searchParams, { width: 8, height: 8 }).ok).toBe(true)
    const kept = urlForImage({ ...source, crop: { top: 0, bottom: 0, left: 0.25, right: 0.25 } }).url()
    expect(new URL(kept, 'http://site').searchParams.get('rect')).toBe('2,0,4,8')
  })

  it('allows exactly next/image’s widths and qualities', () => {
    expect(SITE_IMAGE_WIDTHS).toEqual([32, 48, 64, 96, 128, 256, 384, 640, 750, 828, 1080, 1200, 1920, 2048, 3840])
    expect(SITE_IMAGE_QUALITIES).toEqual([75])
  })
})
