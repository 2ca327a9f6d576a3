/**
 * What the site's server does with a request body still arriving when the answer is sent (a route
 * that reads no body, like draft mode's, or one that refused it): Node would read and drop all of
 * it, however big. Instead at most UNREAD_BODY_DISCARD_BYTES more are read and dropped, then
 * reading stops, and UNREAD_BODY_GRACE_MS after the answer the connection is cut. Not cut at once:
 * closing a socket with unread bytes sends a reset, which can make the client's system drop the
 * answer before the client read it. A body that ends in time keeps its connection.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'

export const UNREAD_BODY_DISCARD_BYTES = 1024 * 1024
export const UNREAD_BODY_GRACE_MS = 1000

export function cutUnreadBodyAfterAnswer(req: IncomingMessage, res: ServerResponse): void {
  // 'prefinish': before Node's own 'finish' handler would start dropping the body unread and unbounded.
  res.once('prefinish', () => {
    if (req.complete || req.destroyed) return
    let discarded = 0
    const timer = setTimeout(() => req.destroy(), UNREAD_BODY_GRACE_MS)
    timer.unref()
    const onData = (chunk: Buffer) => {
      discarded += chunk.length
      if (discarded <= UNREAD_BODY_DISCARD_BYTES) return
      req.off('data', onData)
      req.pause()
    }
    req.on('data', onData)
    req.once('end', () => clearTimeout(timer))
    req.once('close', () => clearTimeout(timer))
    req.resume()
  })
}
