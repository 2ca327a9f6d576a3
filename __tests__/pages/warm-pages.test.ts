/**
 * After a publish, the site renders the home page and the story again at once (issue 10: a story
 * published just before an outage must still be served): which requests, and that they are sent.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { warmPages, warmRequests } from '@/lib/routing/warm-pages'

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
})

describe('warmPages', () => {
  it('sends each request in turn, with its headers, and carries on past failures', async () => {
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
      await warmPages(`http://127.0.0.1:${port}`, [
        { path: '/', headers: {} },
        { path: '/articles/broken', headers: {} },
        { path: '/articles/x', headers: { 'cf-ipcountry': 'RU' } },
      ])
      // A server that is gone: no throw.
      await warmPages('http://127.0.0.1:1', [{ path: '/', headers: {} }], 1000)
    } finally {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
    expect(seen).toEqual(['/ -', '/articles/broken -', '/articles/x RU'])
    expect(mostOpen).toBe(1)
  })
})
