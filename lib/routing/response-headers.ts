/**
 * The response headers of every route: security headers and cache policy (see
 * docs/decisions/0007-security-headers.md). The site's server (scripts/site/server.ts) sets them on
 * every response before Next handles it — as a few `setHeader` calls rather than Next's `headers()`
 * rules, which it evaluated on every request at ~10 % of the article's throughput (ADR 0009).
 */

/** Joins CSP directives (`[name, ...sources]`) into one header value. */
const csp = (directives: string[][]) => directives.map((parts) => parts.join(' ')).join('; ')

/**
 * Reader pages: static HTML shared by every reader, so no per-request nonce. Next's inline
 * bootstrap scripts carry each page's RSC payload (different per page and per publish), so they
 * cannot be hashed in a static header: inline scripts need 'unsafe-inline', but no other origin and
 * no eval. Style attributes (next/image) need 'unsafe-inline' in style-src-attr only.
 */
const READER_CSP = csp([
  ["default-src", "'self'"],
  ["script-src", "'self'", "'unsafe-inline'"],
  ["style-src", "'self'"],
  ["style-src-attr", "'unsafe-inline'"],
  ["img-src", "'self'"],
  ["font-src", "'self'"],
  ["connect-src", "'self'"],
  ["media-src", "'self'"],
  ["object-src", "'none'"],
  ["base-uri", "'self'"],
  ["form-action", "'self'"],
  ["frame-ancestors", "'self'"],
  ["manifest-src", "'self'"],
  ["worker-src", "'self'"],
])

/** The embedded lake as the browser reaches it (any port, plus Studio's `*.localhost` listen hosts), and Sanity's hosts. */
const CONTENT_API_SOURCES = [
  'http://localhost:*',
  'http://*.localhost:*',
  'ws://localhost:*',
  'ws://*.localhost:*',
  'https://*.sanity.io',
  'wss://*.sanity.io',
]

/** Preview (draft mode inside Presentation): the reader policy plus the visual-editing overlay's inline styles. */
const PREVIEW_CSP = csp([
  ["default-src", "'self'"],
  ["script-src", "'self'", "'unsafe-inline'"],
  ["style-src", "'self'", "'unsafe-inline'"],
  ["img-src", "'self'", 'data:', 'blob:'],
  ["font-src", "'self'"],
  ["connect-src", "'self'", ...CONTENT_API_SOURCES],
  ["object-src", "'none'"],
  ["base-uri", "'self'"],
  ["form-action", "'self'"],
  ["frame-ancestors", "'self'"],
])

/**
 * Studio: its styled-components inject <style> elements, it previews images from the lake and
 * Sanity's CDN, talks to the content API over HTTP, SSE and WebSocket, and iframes the site
 * (Presentation) from the same origin. No 'unsafe-eval': Studio runs without it. Opened on
 * 127.0.0.1, it reaches the lake on 127.0.0.1 (the session cookie is per host name, ADR 0012).
 */
const STUDIO_CSP = csp([
  ["default-src", "'self'"],
  ["script-src", "'self'", "'unsafe-inline'"],
  ["style-src", "'self'", "'unsafe-inline'"],
  ["img-src", "'self'", 'data:', 'blob:', 'http://localhost:*', 'http://*.localhost:*', 'http://127.0.0.1:*', 'https://cdn.sanity.io', 'https://*.sanity.io'],
  ["font-src", "'self'", 'data:'],
  ["connect-src", "'self'", ...CONTENT_API_SOURCES, 'http://127.0.0.1:*', 'ws://127.0.0.1:*'],
  ["frame-src", "'self'"],
  ["worker-src", "'self'", 'blob:'],
  ["object-src", "'none'"],
  ["base-uri", "'self'"],
  ["form-action", "'self'"],
  ["frame-ancestors", "'self'"],
])

type Header = readonly [name: string, value: string]

/** Headers on every response. */
const COMMON: readonly Header[] = [
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'strict-origin-when-cross-origin'],
  ['Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()'],
  ['X-Frame-Options', 'SAMEORIGIN'],
]

const NO_STORE: Header = ['Cache-Control', 'private, no-store']
const HSTS: Header = ['Strict-Transport-Security', 'max-age=63072000; includeSubDomains']
const API_CSP = csp([["default-src", "'none'"], ["frame-ancestors", "'none'"]])

/** Precomputed per kind of route: the common headers plus the kind's own. */
const BY_KIND = {
  // Reader pages, published: static, CDN-cacheable (Next sets their Cache-Control).
  reader: [...COMMON, ['Content-Security-Policy', READER_CSP]],
  // The same pages in draft mode: the preview policy, never cached.
  preview: [...COMMON, ['Content-Security-Policy', PREVIEW_CSP], NO_STORE],
  studio: [...COMMON, ['Content-Security-Policy', STUDIO_CSP], NO_STORE],
  api: [...COMMON, ['Content-Security-Policy', API_CSP], NO_STORE],
  // Next's own files (hashed chunks: Next sets them immutable).
  asset: COMMON,
} satisfies Record<string, readonly Header[]>

export type RouteRequest = {
  /** The path as requested (before any rewrite). */
  pathname: string
  /** The request carries Next's draft-mode cookie (any value: its presence selects the preview headers). */
  draftCookie: boolean
  /** `X-Forwarded-Proto: https` from the TLS-terminating proxy in front. */
  https: boolean
}

/** The headers for a request, in the order they are set. HSTS only when it arrived over HTTPS. */
export function responseHeaders({ pathname, draftCookie, https }: RouteRequest): readonly Header[] {
  const kind =
    pathname === '/studio' || pathname.startsWith('/studio/')
      ? BY_KIND.studio
      : pathname === '/api' || pathname.startsWith('/api/')
        ? BY_KIND.api
        : /^\/(?:studio|_next\/)/.test(pathname)
          ? BY_KIND.asset
          : draftCookie
            ? BY_KIND.preview
            : BY_KIND.reader
  return https ? [...kind, HSTS] : kind
}
