/**
 * Reads a request body with a limit on the bytes actually read, chunked or not: at most `limit + 1`
 * bytes are taken from the stream, then reading stops. The rest is never read here: the stream is
 * left unread (not cancelled: cancelling Next's body stream destroys the socket before the 413
 * could be sent), and the 413 answer says `connection: close`, so the server closes the connection
 * once it is sent instead of draining what the client still sends.
 */

export type LimitedBody = { ok: true; bytes: Uint8Array } | { ok: false; status: 400 | 413; message: string }

/** Headers of a refused body: the server closes the connection after answering, unread bytes and all. */
export const REFUSED_BODY_HEADERS = { 'cache-control': 'no-store', connection: 'close' } as const

const tooLarge = (limit: number): LimitedBody => ({ ok: false, status: 413, message: `Body over ${limit} bytes` })

export async function readLimitedBody(request: Request, limit: number): Promise<LimitedBody> {
  const declared = Number(request.headers.get('content-length') ?? 0)
  if (declared > limit) return tooLarge(limit)
  if (!request.body) return { ok: true, bytes: new Uint8Array(0) }
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.byteLength
      if (size > limit) return tooLarge(limit)
      chunks.push(value)
    }
  } catch {
    // The client went away or sent a broken chunked encoding.
    return { ok: false, status: 400, message: 'The request body could not be read' }
  } finally {
    reader.releaseLock()
  }
  const bytes = new Uint8Array(size)
  let at = 0
  for (const chunk of chunks) {
    bytes.set(chunk, at)
    at += chunk.byteLength
  }
  return { ok: true, bytes }
}
