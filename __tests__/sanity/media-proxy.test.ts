import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { proxyLakeImage } from '@/lib/sanity/media-proxy'

const FILE = '2f4e1b5c0d9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c-1600x900.png'

describe('proxyLakeImage', () => {
  let server: Server
  let seen: string[] = []
  const saved = { ...process.env }

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.url ?? '')
      res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'public, max-age=31536000, immutable', 'x-internal': 'no' })
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
  })

  it('forwards a well-formed image path with its parameters and keeps caching headers', async () => {
    const response = await proxyLakeImage(['local', 'production', FILE], new Request(`http://site/media/images/local/production/${FILE}?w=640&q=75`))
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('png-bytes')
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(response.headers.get('x-internal')).toBeNull()
    expect(seen).toEqual([`/images/local/production/${FILE}?w=640&q=75`])
  })

  it.each([
    [['local', 'production', '../../etc/passwd']],
    [['local', 'production', FILE, 'extra']],
    [['local', '..', FILE]],
    [['local', 'production']],
  ])('refuses %j without asking the lake', async (segments) => {
    const response = await proxyLakeImage(segments, new Request('http://site/media/x'))
    expect(response.status).toBe(404)
    expect(seen).toEqual([])
  })

  it('is a 404 with a real Sanity project (images come from its CDN)', async () => {
    process.env.SANITY_PROJECT_ID = 'abc123'
    const response = await proxyLakeImage(['abc123', 'production', FILE], new Request('http://site/x'))
    expect(response.status).toBe(404)
    delete process.env.SANITY_PROJECT_ID
  })
})
