/**
 * Responses of the distribution routes (app/sitemap.xml, news-sitemap.xml, feed.xml, robots.txt).
 * Their URLs must be absolute and right: while the settings document is missing or broken (the
 * fallback base URL is not the site's), they answer 503 and are not stored, instead of listing
 * wrong URLs.
 */
import { getSiteData, type SiteData } from './site'

export const XML_CONTENT_TYPE = 'application/xml; charset=utf-8'
export const RSS_CONTENT_TYPE = 'application/rss+xml; charset=utf-8'
export const TEXT_CONTENT_TYPE = 'text/plain; charset=utf-8'

export function textResponse(body: string, contentType: string): Response {
  return new Response(body, { status: 200, headers: { 'content-type': contentType } })
}

/** Runs `build` with trusted site settings, or answers 503 (Retry-After, no-store). */
export async function withTrustedSettings(build: (site: SiteData) => Promise<Response> | Response): Promise<Response> {
  const site = await getSiteData()
  if (!site.trusted) {
    return new Response('The site settings are unavailable; try again shortly.\n', {
      status: 503,
      headers: { 'content-type': TEXT_CONTENT_TYPE, 'cache-control': 'no-store', 'retry-after': '60' },
    })
  }
  return build(site)
}
