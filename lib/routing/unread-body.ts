/**
 * What the site's server does with a request body still arriving when the answer is sent (a route
 * that reads no body, like draft mode's, or one that refused it): Node would read and drop all of
 * it, however big. Instead it is read and dropped (so that a client that reads its answer only
 * once it has sent everything, like undici's fetch, gets it) for at most UNREAD_BODY_DISCARD_BYTES
 * or UNREAD_BODY_TIME_MS; then reading stops and, UNREAD_BODY_GRACE_MS later, the connection is
 * cut. Not cut at once: closing a socket with unread bytes sends a reset, which can make the
 * client's system drop the answer before the client read it. A body that ends in time keeps its
 * connection. Nothing is kept, so memory stays flat.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'

export const UNREAD_BODY_DISCARD_BYTES = 16 * 1024 * 1024
export const UNREAD_BODY_GRACE_MS = 1000
export const UNREAD_BODY_TIME_MS = 60_000

export function cutUnreadBodyAfterAnswer(req: IncomingMessage, res: ServerResponse): void {
  // 'prefinish': before Node's own 'finish' handler would start dropping the body unread and unbounded.
  res.once('prefinish', () => {
    if (req.complete || req.destroyed) return
    let discarded = 0
    let timer = setTimeout(() => req.destroy(), UNREAD_BODY_TIME_MS)
    timer.unref()
    const onData = (chunk: Buffer) => {
      discarded += chunk.length
      if (discarded <= UNREAD_BODY_DISCARD_BYTES) return
      req.off('data', onData)
      req.pause()
      clearTimeout(timer)
      timer = setTimeout(() => req.destroy(), UNREAD_BODY_GRACE_MS)
      timer.unref()
    }
    req.on('data', onData)
    req.once('end', () => clearTimeout(timer))
    req.once('close', () => clearTimeout(timer))
    req.resume()
  })
}
