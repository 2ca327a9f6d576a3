/**
 * The rest of a request body nobody will use (refused, or never read): read and thrown away, so
 * that a client that reads its answer only once it has sent everything (undici's fetch) gets it,
 * for at most DISCARDED_BODY_BYTES or REFUSED_BODY_TIME_MS. Past that reading stops and,
 * REFUSED_BODY_GRACE_MS later, the connection is cut — not at once: closing a socket with unread
 * bytes sends a reset, which can make the client's system drop the answer before the client read
 * it. A body that ends in time keeps its connection. Nothing is kept, so memory stays flat.
 *
 * No imports: the lake's server and the site's server (lib/routing/unread-body.ts, the webhook's
 * lib/content/limited-body.ts) share it.
 */
import type { IncomingMessage } from 'node:http'

/** After refusing a body, at most this much more of it is read and thrown away; then reading stops. */
export const DISCARDED_BODY_BYTES = 16 * 1024 * 1024
/** Once reading has stopped, the connection is cut this long after (the client has read the answer by then). */
export const REFUSED_BODY_GRACE_MS = 1000
/** A refused body that has not ended this long after the answer gets its connection cut. */
export const REFUSED_BODY_TIME_MS = 60_000

export function discardRestOfBody(req: IncomingMessage): void {
  if (req.complete || req.destroyed) return
  let discarded = 0
  let timer = setTimeout(() => req.destroy(), REFUSED_BODY_TIME_MS)
  timer.unref()
  const onData = (chunk: Buffer) => {
    discarded += chunk.length
    if (discarded <= DISCARDED_BODY_BYTES) return
    req.off('data', onData)
    req.pause()
    clearTimeout(timer)
    timer = setTimeout(() => req.destroy(), REFUSED_BODY_GRACE_MS)
    timer.unref()
  }
  req.on('data', onData)
  req.once('end', () => clearTimeout(timer))
  req.once('close', () => clearTimeout(timer))
  req.resume()
}
