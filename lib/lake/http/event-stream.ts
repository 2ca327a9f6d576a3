/** Opens a server-sent-events response (listen, live events): headers sent at once, never buffered by a proxy. */
import type { ServerResponse } from 'node:http'

/** Sends the SSE headers and returns a writer that drops chunks once the client has gone. */
export function openEventStream(res: ServerResponse): (chunk: string) => void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  })
  res.flushHeaders()
  return (chunk: string) => {
    if (!res.writableEnded && !res.destroyed) res.write(chunk)
  }
}
