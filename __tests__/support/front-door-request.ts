import type { FrontDoorRequest } from '@/lib/routing/front-door'

/** A request as the site's server hands it to the front door: `url` is the path (and query). */
export function frontDoorRequest(url: string, headers: Record<string, string> = {}, method = 'GET'): FrontDoorRequest {
  const byName = new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]))
  return { method, url, header: (name) => byName.get(name.toLowerCase()) }
}
