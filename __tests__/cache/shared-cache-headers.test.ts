/**
 * What a shared cache is told about each response (lib/cache/shared-cache-headers.ts) and the
 * surrogate keys it is tagged with (lib/cache/surrogate-keys.ts): pages, feeds, sitemaps and
 * images carry `Surrogate-Key` (space-separated) and `Cache-Tag` (comma-separated); pages are
 * kept s-maxage and served stale while refreshed or while the site fails; draft mode, the Studio,
 * the API, cookies and errors are never shareable. The browser suite checks the same on the built
 * site (browser-tests/varnish.test.ts).
 */
import { sharedCacheHeaders, type OriginResponse } from '@/lib/cache/shared-cache-headers'
import { isSurrogateKey, surrogateKeyHeaders, surrogateKeysForPath } from '@/lib/cache/surrogate-keys'

const SLUG = 'turkey-erdogan-putin-to-meet-in-moscow-this-week-for-syria-talks'
const ISR = 's-maxage=3600, stale-while-revalidate=31532400'
const NEXT_PRIVATE = 'private, no-cache, no-store, max-age=0, must-revalidate'
const SHARED = 'public, max-age=0, s-maxage=3600, stale-while-revalidate=60, stale-if-error=86400'

const page = (pathname: string, extra: Partial<OriginResponse> = {}): OriginResponse => ({
  method: 'GET',
  pathname,
  draft: false,
  status: 200,
  cacheControl: ISR,
  nextCache: 'HIT',
  setsCookie: false,
  ...extra,
})
const decide = (response: OriginResponse, maxAge = 3600) => sharedCacheHeaders(response, maxAge)

describe('surrogate keys', () => {
  it('an article page: its slug, the lists and settings it shows — the tags a publish revalidates', () => {
    expect(surrogateKeysForPath(`/articles/${SLUG}`)).toEqual([
      'siteSettings',
      'type:siteSettings',
      'type:section',
      'type:legalNotice',
      `article-slug:${SLUG}`,
      'type:article',
      'type:agency',
      'type:breakingNews',
    ])
    expect(surrogateKeysForPath(`/articles/${SLUG}/lite`)).toContain(`article-slug:${SLUG}`)
  })

  it('an image: its asset document, so deleting the asset purges every variant', () => {
    expect(surrogateKeysForPath(`/media/images/local/production/${'a'.repeat(40)}-1600x900.png`)).toEqual([`sanity.imageAsset:image-${'a'.repeat(40)}-1600x900-png`])
  })

  it('none for paths without content tags, or whose slug is not even decodable', () => {
    for (const path of ['/api/revalidate', '/studio', '/_next/static/chunks/a.js', '/icon.svg', '/articles', '/articles/%E0%A4%A', '/articles/x/region/RU'])
      expect(surrogateKeysForPath(path)).toBeNull()
  })

  it('writes both headers, and leaves out anything that would split into other keys', () => {
    expect(surrogateKeyHeaders(['type:article', 'article-slug:a', 'two words', 'a,b', ''])).toEqual({
      'Surrogate-Key': 'type:article article-slug:a',
      'Cache-Tag': 'type:article,article-slug:a',
    })
    expect(surrogateKeyHeaders(['two words'])).toBeNull()
    expect(isSurrogateKey('x'.repeat(257))).toBe(false)
  })
})

describe('shared-cache headers', () => {
  it('pages, feeds and sitemaps: kept s-maxage, stale while refreshed and through an outage, with their keys', () => {
    for (const path of ['/', `/articles/${SLUG}`, `/articles/${SLUG}/lite`, '/sections/middle-east', '/feed.xml', '/sitemap.xml', '/news-sitemap.xml', '/robots.txt']) {
      const headers = decide(page(path))
      expect(headers?.['Cache-Control']).toBe(SHARED)
      expect(headers?.['Surrogate-Key']?.split(' ')).toEqual(surrogateKeysForPath(path))
      expect(headers?.['Cache-Tag']?.split(',')).toEqual(surrogateKeysForPath(path))
    }
    expect(decide(page('/'), 60)?.['Cache-Control']).toBe('public, max-age=0, s-maxage=60, stale-while-revalidate=60, stale-if-error=86400')
    expect(decide(page('/', { method: 'HEAD', status: 304 }))?.['Cache-Control']).toBe(SHARED)
  })

  it('a page Next served stale while it re-renders: kept one second, so the new render follows at once', () => {
    expect(decide(page('/', { nextCache: 'STALE' }))?.['Cache-Control']).toBe('public, max-age=0, s-maxage=1, stale-while-revalidate=60, stale-if-error=86400')
  })

  it('images keep their own immutable Cache-Control and get their key', () => {
    const path = `/media/images/local/production/${'b'.repeat(40)}-10x10.jpg`
    expect(decide(page(path, { cacheControl: 'public, max-age=31536000, immutable', nextCache: undefined }))).toEqual({
      'Surrogate-Key': `sanity.imageAsset:image-${'b'.repeat(40)}-10x10-jpg`,
      'Cache-Tag': `sanity.imageAsset:image-${'b'.repeat(40)}-10x10-jpg`,
    })
  })

  it('never shared: draft mode, the Studio, the API, other methods, private answers', () => {
    expect(decide(page(`/articles/${SLUG}`, { draft: true }))).toBeNull()
    expect(decide(page('/studio/structure'))).toBeNull()
    expect(decide(page('/api/revalidate', { method: 'POST' }))).toBeNull()
    expect(decide(page('/', { method: 'POST' }))).toBeNull()
    expect(decide(page(`/articles/${SLUG}`, { cacheControl: NEXT_PRIVATE }))).toBeNull()
    expect(decide(page(`/articles/${SLUG}`, { cacheControl: undefined }))).toBeNull()
    expect(decide(page('/_next/static/chunks/a.js', { cacheControl: 'public, max-age=31536000, immutable' }))).toBeNull()
  })

  it('a response that sets a cookie is private; errors and redirects are not stored', () => {
    expect(decide(page('/', { setsCookie: true }))).toEqual({ 'Cache-Control': 'private, no-store' })
    for (const status of [301, 308, 404, 500, 503]) expect(decide(page(`/articles/${SLUG}`, { status, cacheControl: undefined }))).toEqual({ 'Cache-Control': 'no-store' })
    expect(decide(page('/articles/unknown', { status: 404, cacheControl: NEXT_PRIVATE }))).toBeNull()
  })
})
