/**
 * Which security and cache headers each kind of route gets (ADR 0007), as the site's server sets
 * them before Next handles a request. browser-tests/headers.test.ts checks them on the built site.
 */
import { responseHeaders, type RouteRequest } from '@/lib/routing/response-headers'

const headersFor = (pathname: string, extra: Partial<RouteRequest> = {}) =>
  new Map(responseHeaders({ pathname, draftCookie: false, https: false, ...extra }).map(([name, value]) => [name.toLowerCase(), value]))
const directive = (csp: string | undefined, name: string) => csp?.split('; ').find((part) => part.startsWith(`${name} `))

describe('responseHeaders', () => {
  it('gives every response the common headers, and HSTS only over HTTPS', () => {
    for (const path of ['/', '/articles/x', '/studio', '/api/revalidate', '/_next/static/chunks/a.js', '/media/images/x']) {
      const headers = headersFor(path)
      expect(headers.get('x-content-type-options')).toBe('nosniff')
      expect(headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin')
      expect(headers.get('permissions-policy')).toMatch(/camera=\(\)/)
      expect(headers.has('strict-transport-security')).toBe(false)
      expect(headersFor(path, { https: true }).get('strict-transport-security')).toBe('max-age=63072000; includeSubDomains')
    }
  })

  it('reader pages: the static reader CSP and no cache-control of their own (Next sets s-maxage)', () => {
    for (const path of ['/', '/articles/x', '/sections/y', '/feed.xml', '/_unknown-url', '/media/images/x']) {
      const headers = headersFor(path)
      expect(directive(headers.get('content-security-policy'), 'script-src')).toBe("script-src 'self' 'unsafe-inline'")
      expect(directive(headers.get('content-security-policy'), 'style-src')).toBe("style-src 'self'")
      expect(headers.has('cache-control')).toBe(false)
    }
  })

  it('reader pages with the draft-mode cookie: the preview policy, never cached', () => {
    const headers = headersFor('/articles/x', { draftCookie: true })
    expect(directive(headers.get('content-security-policy'), 'connect-src')).toMatch(/localhost/)
    expect(headers.get('cache-control')).toBe('private, no-store')
  })

  it('Studio and the API: their own policies, never cached; Next’s files: the common headers only', () => {
    for (const path of ['/studio', '/studio/structure/article']) {
      expect(directive(headersFor(path).get('content-security-policy'), 'worker-src')).toBe("worker-src 'self' blob:")
      expect(headersFor(path).get('cache-control')).toBe('private, no-store')
    }
    for (const path of ['/api', '/api/revalidate']) {
      expect(headersFor(path).get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'")
      expect(headersFor(path).get('cache-control')).toBe('private, no-store')
    }
    for (const path of ['/_next/static/chunks/a.js', '/studio-like-page']) {
      expect(headersFor(path).has('content-security-policy')).toBe(false)
      expect(headersFor(path).has('cache-control')).toBe(false)
    }
  })
})
