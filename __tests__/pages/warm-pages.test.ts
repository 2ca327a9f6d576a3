/**
 * After a publish, the site renders the home page and the story again at once (issue 10: a story
 * published just before an outage must still be served): which requests, and that they are sent.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { createWarmQueue, warmRequests } from '@/lib/routing/warm-pages'

describe('warmRequests', () => {
  it('asks for the home page and every variant of each article the tags name', () => {
    const requests = warmRequests(['type:article', 'article:article-x', 'article-slug:new-story', 'article-slug:old-story'], new Set(['RU']), 'cf-ipcountry')
    expect(requests).toEqual([
      { path: '/', headers: {} },
      { path: '/articles/new-story', headers: {} },
      { path: '/articles/new-story/lite', headers: {} },
      { path: '/articles/new-story', headers: { 'cf-ipcountry': 'RU' } },
      { path: '/articles/new-story/lite', headers: { 'cf-ipcountry': 'RU' } },
      { path: '/articles/old-story', headers: {} },
      { path: '/articles/old-story/lite', headers: {} },
      { path: '/articles/old-story', headers: { 'cf-ipcountry': 'RU' } },
      { path: '/articles/old-story/lite', headers: { 'cf-ipcountry': 'RU' } },
    ])
  })

  it('asks only for the home page when no article is named (a section or settings publish)', () => {
    expect(warmRequests(['type:section', 'siteSettings'], new Set(), 'cf-ipcountry')).toEqual([{ path: '/', headers: {} }])
  })

  it('skips slugs no page can have (a signed body is still data)', () => {
    expect(warmRequests(['article-slug:../api/x', 'article-slug:a?b', 'article-slug:Upper'], new Set(), 'cf-ipcountry')).toEqual([{ path: '/', headers: {} }])
  })
})

describe('createWarmQueue', () => {
  it('sends each request once, in turn, with its headers, and carries on past failures', async () => {
    const seen: string[] = []
    let open = 0
    let mostOpen = 0
    const server = http.createServer((req, res) => {
      open += 1
      mostOpen = Math.max(mostOpen, open)
      seen.push(`${req.url} ${req.headers['cf-ipcountry'] ?? '-'}`)
      setTimeout(() => {
        open -= 1
        res.statusCode = req.url === '/articles/broken' ? 500 : 200
        res.end('ok')
      }, 5)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    try {
      const queue = createWarmQueue(`http://127.0.0.1:${port}`)
      // Two webhooks at once (or one replayed): the same pages are queued once.
      const first = queue.add([{ path: '/', headers: {} }, { path: '/articles/broken', headers: {} }, { path: '/articles/x', headers: { 'cf-ipcountry': 'RU' } }])
      const second = queue.add([{ path: '/articles/x', headers: { 'cf-ipcountry': 'RU' } }, { path: '/articles/broken', headers: {} }])
      expect(second).toBe(first)
      await first
      expect(queue.size).toBe(0)
      // A server that is gone: no throw.
      await createWarmQueue('http://127.0.0.1:1', { timeoutMs: 1000 }).add([{ path: '/', headers: {} }])
    } finally {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
    expect(seen).toEqual(['/ -', '/articles/broken -', '/articles/x RU'])
    expect(mostOpen).toBe(1)
  })

  it('holds at most maxQueued requests', async () => {
    const queue = createWarmQueue('http://127.0.0.1:1', { timeoutMs: 200, maxQueued: 3 })
    const done = queue.add(Array.from({ length: 10 }, (_, i) => ({ path: `/p${i}`, headers: {} })))
    expect(queue.size).toBeLessThanOrEqual(3)
    await done
  })
})
