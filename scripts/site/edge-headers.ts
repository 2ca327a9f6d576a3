/**
 * Sets the shared-cache headers of a response (Cache-Control for shared caches, Surrogate-Key and
 * Cache-Tag; lib/cache/shared-cache-headers.ts decides) as its head is written, when the status
 * and Next's own Cache-Control are known. Headers handed to `writeHead` itself are moved onto the
 * response first, so the decision sees them and its values win.
 */
import type http from 'node:http'
import { sharedCacheHeaders } from '../../lib/cache/shared-cache-headers'

type WriteHead = (...args: unknown[]) => http.ServerResponse

const asText = (value: number | string | string[] | undefined) => (value === undefined ? undefined : Array.isArray(value) ? value.join(', ') : String(value))

export type SharedRequest = { method: string; pathname: string; draft: boolean; sharedMaxAgeSeconds: number }

export function setSharedCacheHeaders(res: http.ServerResponse, request: SharedRequest): void {
  const writeHead = res.writeHead as WriteHead
  res.writeHead = function (this: http.ServerResponse, ...args: unknown[]) {
    const status = typeof args[0] === 'number' ? args[0] : res.statusCode
    const at = args.findIndex((arg, i) => i > 0 && arg !== null && typeof arg === 'object' && !Array.isArray(arg))
    if (at !== -1) {
      for (const [name, value] of Object.entries(args[at] as Record<string, number | string | string[] | undefined>)) {
        if (value !== undefined) res.setHeader(name, value)
      }
      args = args.slice(0, at)
    }
    const headers = sharedCacheHeaders(
      {
        method: request.method,
        pathname: request.pathname,
        draft: request.draft,
        status,
        cacheControl: asText(res.getHeader('cache-control')),
        nextCache: asText(res.getHeader('x-nextjs-cache')),
        setsCookie: res.hasHeader('set-cookie'),
      },
      request.sharedMaxAgeSeconds,
    )
    if (headers) for (const [name, value] of Object.entries(headers)) res.setHeader(name, value)
    return writeHead.apply(this, args)
  } as typeof res.writeHead
}
