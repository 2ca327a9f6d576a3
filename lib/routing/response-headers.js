// @ts-check
/**
 * The response headers of every route: security headers and cache policy (see
 * docs/decisions/0007-security-headers.md). Used by next.config.js (`headers`) and by the site's
 * front door for the answers it gives itself (lib/routing/front-door.ts).
 */

/** Cookie Next sets in draft mode: its presence selects the preview headers. */
const DRAFT_MODE_COOKIE = '__prerender_bypass'

/** Joins CSP directives (`[name, ...sources]`) into one header value. */
const csp = (/** @type {string[][]} */ directives) => directives.map((parts) => parts.join(' ')).join('; ')

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
 * (Presentation) from the same origin. No 'unsafe-eval': Studio runs without it.
 */
const STUDIO_CSP = csp([
  ["default-src", "'self'"],
  ["script-src", "'self'", "'unsafe-inline'"],
  ["style-src", "'self'", "'unsafe-inline'"],
  ["img-src", "'self'", 'data:', 'blob:', 'http://localhost:*', 'http://*.localhost:*', 'https://cdn.sanity.io', 'https://*.sanity.io'],
  ["font-src", "'self'", 'data:'],
  ["connect-src", "'self'", ...CONTENT_API_SOURCES],
  ["frame-src", "'self'"],
  ["worker-src", "'self'", 'blob:'],
  ["object-src", "'none'"],
  ["base-uri", "'self'"],
  ["form-action", "'self'"],
  ["frame-ancestors", "'self'"],
])

/** Headers on every response. */
const COMMON_HEADERS = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()' },
  { key: 'X-Frame-Options', value: 'SAMEORIGIN' },
]

const NO_STORE = { key: 'Cache-Control', value: 'private, no-store' }
const draftMode = [{ type: /** @type {const} */ ('cookie'), key: DRAFT_MODE_COOKIE }]

/** @type {NonNullable<import('next').NextConfig['headers']>} */
const headers = () =>
  Promise.resolve([
    { source: '/:path*', headers: COMMON_HEADERS },
    // Reader pages (everything but Studio, the API and Next's own files), published: static, CDN-cacheable.
    { source: '/((?!studio|api/|_next/).*)', missing: draftMode, headers: [{ key: 'Content-Security-Policy', value: READER_CSP }] },
    // The same pages in draft mode: the preview policy, never cached.
    { source: '/((?!studio|api/|_next/).*)', has: draftMode, headers: [{ key: 'Content-Security-Policy', value: PREVIEW_CSP }, NO_STORE] },
    { source: '/studio', headers: [{ key: 'Content-Security-Policy', value: STUDIO_CSP }, NO_STORE] },
    { source: '/studio/:path*', headers: [{ key: 'Content-Security-Policy', value: STUDIO_CSP }, NO_STORE] },
    { source: '/api/:path*', headers: [{ key: 'Content-Security-Policy', value: csp([["default-src", "'none'"], ["frame-ancestors", "'none'"]]) }, NO_STORE] },
    // HSTS only when the request reached us over HTTPS (a TLS-terminating proxy sets X-Forwarded-Proto).
    { source: '/:path*', has: [{ type: /** @type {const} */ ('header'), key: 'x-forwarded-proto', value: 'https' }], headers: [{ key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' }] },
  ])


/** The headers every response carries, as a name → value record (for answers Next does not send). */
const commonHeaders = () => Object.fromEntries(COMMON_HEADERS.map(({ key, value }) => [key, value]))

module.exports = { headers, commonHeaders, READER_CSP }
