/**
 * Draft-only images through the site's image proxy, against a real lake: a reader's request
 * carries no token (the lake's embargo answers 404); an editor in draft mode gets the image with
 * the server's token, never publicly cacheable. Published images serve either way.
 */
import { createClient, type SanityClient } from '@sanity/client'
import sharp from 'sharp'
import { proxyLakeImage } from '@/lib/sanity/media-proxy'
import { startLakeForSuite } from '../support/seeded-lake'

const TOKEN = 'media-proxy-draft-token-0123456789abcdef'
const lake = startLakeForSuite('media-draft', { seedDir: null, token: TOKEN, serverToken: true })
let editor: SanityClient

beforeAll(() => {
  editor = createClient({ projectId: 'local', dataset: 'production', apiVersion: '2025-02-19', apiHost: lake().url, useProjectHostname: false, useCdn: false, token: TOKEN })
})

let shade = 0
/** Uploads a new PNG and references it from `documentId`; returns the proxy path segments. */
async function imageReferencedBy(documentId: string): Promise<string[]> {
  shade += 1
  const png = await sharp({ create: { width: 32, height: 18, channels: 3, background: { r: shade * 40, g: 90, b: 30 } } }).png().toBuffer()
  const asset = await editor.assets.upload('image', png)
  await editor.createOrReplace({ _id: documentId, _type: 'article', headline: 'H', leadFigure: { _type: 'image', asset: { _type: 'reference', _ref: asset._id } } })
  const [projectId, dataset, file] = new URL(asset.url).pathname.split('/').slice(-3)
  return [projectId, dataset, file]
}

const request = (segments: string[]) => new Request(`http://site/media/images/${segments.join('/')}?w=640&q=75&auto=format`)

describe('proxyLakeImage and draft mode', () => {
  it('a draft-only image: 404 for readers, private and uncached for an editor in draft mode', async () => {
    const segments = await imageReferencedBy('drafts.story-with-new-picture')
    const reader = await proxyLakeImage(segments, request(segments))
    expect(reader.status).toBe(404)
    const editorResponse = await proxyLakeImage(segments, request(segments), { draft: true })
    expect(editorResponse.status).toBe(200)
    expect(editorResponse.headers.get('content-type')).toMatch(/^image\//)
    expect(editorResponse.headers.get('cache-control')).toBe('private, no-store')
    expect((await editorResponse.arrayBuffer()).byteLength).toBeGreaterThan(0)
  })

  it('a published image: public and cacheable for readers, still private in draft mode', async () => {
    const segments = await imageReferencedBy('story-with-published-picture')
    const reader = await proxyLakeImage(segments, request(segments))
    expect(reader.status).toBe(200)
    expect(reader.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    const editorResponse = await proxyLakeImage(segments, request(segments), { draft: true })
    expect(editorResponse.status).toBe(200)
    expect(editorResponse.headers.get('cache-control')).toBe('private, no-store')
  })
})
