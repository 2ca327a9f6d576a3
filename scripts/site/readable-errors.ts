/**
 * Replaces a failed page's answer, as its head is written, with a page readable without
 * JavaScript (lib/routing/readable-error-pages.ts decides which). Works below Next's compression:
 * a replaced answer is sent uncompressed and whatever Next writes after it is dropped.
 */
import type http from 'node:http'
import type { ReadablePage } from '../../lib/routing/readable-error-pages'

type Decide = (status: number, contentType: string | undefined) => ReadablePage | null

/** Headers of Next's answer that do not describe the replacement. */
const DROPPED = ['content-encoding', 'content-length', 'etag', 'content-type', 'cache-control', 'x-nextjs-cache', 'x-nextjs-prerender', 'x-nextjs-stale-time']

function headerArgument(args: unknown[], name: string): string | undefined {
  const headers = args.find((arg) => arg !== null && typeof arg === 'object' && !Array.isArray(arg)) as Record<string, unknown> | undefined
  if (!headers) return undefined
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name)
  return key === undefined ? undefined : String(headers[key])
}

export function replaceUnreadableErrors(req: http.IncomingMessage, res: http.ServerResponse, decide: Decide): void {
  const writeHead = res.writeHead
  const write = res.write
  const end = res.end
  let replaced = false

  res.writeHead = function (this: http.ServerResponse, ...args: unknown[]) {
    const status = typeof args[0] === 'number' ? args[0] : res.statusCode
    const contentType = headerArgument(args, 'content-type') ?? (res.getHeader('content-type') as string | undefined)
    const page = decide(status, contentType)
    if (!page) return (writeHead as (...a: unknown[]) => http.ServerResponse).apply(this, args)
    replaced = true
    for (const name of DROPPED) res.removeHeader(name)
    for (const [name, value] of Object.entries(page.headers)) res.setHeader(name, value)
    res.setHeader('content-length', Buffer.byteLength(page.html))
    ;(writeHead as (...a: unknown[]) => http.ServerResponse).call(this, page.status)
    if (req.method !== 'HEAD') (write as (chunk: string) => boolean).call(this, page.html)
    return this
  } as typeof res.writeHead

  /** Writes the head first, so the decision is made before any of Next's body goes out. */
  const decided = () => {
    if (!res.headersSent) res.writeHead(res.statusCode)
    return replaced
  }

  res.write = function (this: http.ServerResponse, ...args: unknown[]) {
    if (!decided()) return (write as (...a: unknown[]) => boolean).apply(this, args)
    const callback = args.find((arg) => typeof arg === 'function') as (() => void) | undefined
    if (callback) process.nextTick(callback)
    return true
  } as typeof res.write

  res.end = function (this: http.ServerResponse, ...args: unknown[]) {
    if (!decided()) return (end as (...a: unknown[]) => http.ServerResponse).apply(this, args)
    const callback = args.find((arg) => typeof arg === 'function')
    return (end as (...a: unknown[]) => http.ServerResponse).call(this, callback)
  } as typeof res.end
}
