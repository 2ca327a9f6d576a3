/**
 * The Live Content API's event stream, `GET /v<date>/data/live/events/<dataset>` (SSE), which
 * Studio's Presentation tool subscribes to (`client.live.events()`) — without it the tool
 * crashes. Events: `welcome` on connect, then a `message` `{tags}` with an event id after every
 * committed transaction; changes that touch only drafts reach only `includeDrafts=true`
 * subscribers, who must send a token. The lake does not compute per-query sync tags: every
 * message carries one dataset-wide tag (`SYNC_TAG_PREFIX` + dataset), i.e. "something in the
 * dataset changed". Also `GET /v<date>/check/cors`, which the client calls when the stream fails.
 */

import type { IncomingMessage, ServerResponse } from 'node:http'
import { unauthorized } from '../errors'
import { flag, sendJson, type RequestContext } from '../http/request'
import { openEventStream } from '../http/event-stream'
import type { LakeStore } from '../store'
import type { CommittedTransaction } from '../types'

export const SYNC_TAG_PREFIX = 's1:'
const KEEP_ALIVE_MS = 15_000

function touchesPublished(tx: CommittedTransaction): boolean {
  return tx.changes.some((change) => !change.id.startsWith('drafts.') && !change.id.startsWith('versions.'))
}

export interface LiveEvents {
  handle(ctx: RequestContext): void
  close(): void
}

export function createLiveEvents(store: LakeStore): LiveEvents {
  const streams = new Set<() => void>()
  const tag = `${SYNC_TAG_PREFIX}${store.dataset}`
  return {
    handle(ctx) {
      const { req, res } = ctx
      const includeDrafts = flag(ctx.url, 'includeDrafts', false)
      if (includeDrafts && !ctx.authenticated) throw unauthorized('includeDrafts=true requires a token')
      const write = openEventStream(res)
      write('retry: 2000\n\n')
      write('event: welcome\ndata: {}\n\n')
      const stopListening = store.onCommit((tx) => {
        if (!includeDrafts && !touchesPublished(tx)) return
        write(`event: message\nid: ${tx.transactionId}\ndata: ${JSON.stringify({ tags: [tag] })}\n\n`)
      })
      const keepAlive = setInterval(() => write(': keep-alive\n\n'), KEEP_ALIVE_MS)
      keepAlive.unref?.()
      const end = () => {
        if (!streams.delete(end)) return
        clearInterval(keepAlive)
        stopListening()
        if (!res.writableEnded) res.end()
      }
      streams.add(end)
      req.on('close', end)
      res.on('close', end)
      res.on('error', end)
    },
    close() {
      for (const end of [...streams]) end()
    },
  }
}

/** `GET /check/cors`: whether the calling origin may use the API from a browser (the CORS headers were set). */
export function answerCorsCheck(req: IncomingMessage, res: ServerResponse): void {
  const allowed = !req.headers.origin || res.hasHeader('access-control-allow-origin')
  sendJson(res, 200, { result: { allowed, withCredentials: allowed } })
}
