/**
 * Reads a request body with a limit on the bytes actually read, chunked or not: at most `limit + 1`
 * bytes are taken from the stream before a body is refused. The rest of a refused body is read
 * and thrown away (so that a client that reads its answer only once it has sent everything, like
 * undici's fetch, gets its 413) for at most DISCARDED_BODY_BYTES or REFUSED_BODY_TIME_MS; then
 * reading stops and, REFUSED_BODY_GRACE_MS later, the stream is cancelled, which cuts the
 * connection (Next's body stream is the request itself). Not cut at once: closing a socket with
 * unread bytes sends a reset, which can make the client's system drop the 413 before the client
 * read it. Nothing is kept, so memory stays flat.
 */

export type LimitedBody = { ok: true; bytes: Uint8Array } | { ok: false; status: 400 | 413; message: string }

// The same bounds as the servers' discard of a refused body (a web stream here, a Node stream there).
import { DISCARDED_BODY_BYTES, REFUSED_BODY_GRACE_MS, REFUSED_BODY_TIME_MS } from '../lake/http/discard-body'

const tooLarge = (limit: number): LimitedBody => ({ ok: false, status: 413, message: `Body over ${limit} bytes` })

/** Reads and drops at most DISCARDED_BODY_BYTES more (for at most REFUSED_BODY_TIME_MS), then stops and cancels the stream. */
function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>): void {
  const cancel = () => void reader.cancel().catch(() => undefined)
  let timer = setTimeout(cancel, REFUSED_BODY_TIME_MS)
  timer.unref?.()
  void (async () => {
    let discarded = 0
    while (discarded <= DISCARDED_BODY_BYTES) {
      const { done, value } = await reader.read()
      if (done) return clearTimeout(timer)
      discarded += value.byteLength
    }
    clearTimeout(timer)
    timer = setTimeout(cancel, REFUSED_BODY_GRACE_MS)
    timer.unref?.()
  })().catch(() => clearTimeout(timer))
}

export async function readLimitedBody(request: Request, limit: number): Promise<LimitedBody> {
  const declared = Number(request.headers.get('content-length') ?? 0)
  if (!request.body) return declared > limit ? tooLarge(limit) : { ok: true, bytes: new Uint8Array(0) }
  const reader = request.body.getReader()
  if (declared > limit) {
    discardRest(reader)
    return tooLarge(limit)
  }
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.byteLength
      if (size > limit) {
        discardRest(reader)
        return tooLarge(limit)
      }
      chunks.push(value)
    }
  } catch {
    // The client went away or sent a broken chunked encoding.
    return { ok: false, status: 400, message: 'The request body could not be read' }
  }
  const bytes = new Uint8Array(size)
  let at = 0
  for (const chunk of chunks) {
    bytes.set(chunk, at)
    at += chunk.byteLength
  }
  return { ok: true, bytes }
}
