/**
 * `GET /_edge/region-audience`: which article variant a reader from the request's country gets —
 * `everyone`, or a region some legal notice names — decided exactly as the front door decides it
 * for the article itself (the first REGION_HEADER present, the regions the published notices name).
 * For a cache in front: deploy/varnish/newsroom.vcl asks it (cached per country, purged with the
 * legal notices) and stores each article once per audience instead of once per country.
 */
import { EVERYONE, audienceFor, readerRegion } from '@/lib/content/audience'
import { noticeRegions } from '@/lib/content/notice-regions'
import { sharedCacheControl } from '@/lib/cache/shared-cache-headers'
import { REGION_AUDIENCE_KEYS, surrogateKeyHeaders } from '@/lib/cache/surrogate-keys'
import { readSettings } from '@/lib/sanity/settings'

export const EDGE_AUDIENCE_PATH = '/_edge/region-audience'
/** The answer's header (its body says the same). */
const AUDIENCE_HEADER = 'x-newsroom-audience'

export type EdgeAudienceAnswer = { status: number; headers: Record<string, string>; body: string | null }

export async function edgeAudienceAnswer(method: string, header: (name: string) => string | undefined): Promise<EdgeAudienceAnswer> {
  const settings = readSettings()
  if (method !== 'GET' && method !== 'HEAD') {
    return { status: 405, headers: { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }, body: 'GET or HEAD only\n' }
  }
  const region = readerRegion({ get: (name) => header(name) ?? null }, settings.site.regionHeaders)
  const audience = region === null ? EVERYONE : audienceFor(region, await noticeRegions().get())
  return {
    status: 200,
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      [AUDIENCE_HEADER]: audience,
      vary: settings.site.regionHeaders.join(', '),
      'cache-control': sharedCacheControl(settings.edge.sharedMaxAgeSeconds),
      ...surrogateKeyHeaders(REGION_AUDIENCE_KEYS),
    },
    body: method === 'HEAD' ? null : `${audience}\n`,
  }
}
