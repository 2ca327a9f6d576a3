/**
 * `GET /v{apiVersion}/data/listen/{dataset}`: server-sent events. The filter is checked (limits,
 * syntax, parameters) in a query worker before the stream opens; a filter that later runs past its
 * per-transaction time limit ends the stream with a `channelError` event (@sanity/client raises it
 * as a ChannelError) instead of silently skipping events.
 */

import { randomBytes } from 'node:crypto'
import { isLakeError, methodNotAllowed, queryParseError } from '../../errors'
import { prepareListenFilter, subscribeToMutations } from '../../listen'
import type { LakeStore } from '../../store'
import { budgetClientOf } from '../client-identity'
import { flag, groqParamsFromSearch, type RequestContext } from '../request'
import { openEventStream } from '../event-stream'

export interface ListenRouteOptions {
  keepAliveMs: number
  /** Called with a close function so the server can end open streams on shutdown. */
  track: (close: () => void) => () => void
}

export async function handleListen(ctx: RequestContext, store: LakeStore, opts: ListenRouteOptions): Promise<void> {
  if (ctx.req.method !== 'GET') throw methodNotAllowed(ctx.req.method ?? '')
  const { url, req, res } = ctx
  const query = url.searchParams.get('query')
  if (!query) throw queryParseError('Missing "query"', '', 0, 0)
  const params = groqParamsFromSearch(url, query)
  const listenOpts = {
    query,
    params,
    includeResult: flag(url, 'includeResult', true),
    includePreviousRevision: flag(url, 'includePreviousRevision', false),
    includeMutations: flag(url, 'includeMutations', true),
    effectFormat: url.searchParams.get('effectFormat') === 'mendoza' ? ('mendoza' as const) : undefined,
    authenticated: ctx.authenticated,
    client: budgetClientOf(req, ctx.authenticated),
  }
  await prepareListenFilter(store, query, params)
  if (req.socket.destroyed) return // the client left while the filter was checked

  const write = openEventStream(res)
  const listenerName = `L${randomBytes(8).toString('hex')}`
  write(`retry: 2000\n\n`)
  write(`event: welcome\ndata: ${JSON.stringify({ listenerName })}\n\n`)

  const unsubscribe = subscribeToMutations(
    store,
    listenOpts,
    (event) => write(`event: mutation\nid: ${event.eventId}\ndata: ${JSON.stringify(event)}\n\n`),
    (err) => {
      const body = isLakeError(err) ? err.body : { error: { type: 'listenerError', description: 'The listen filter could not be evaluated' } }
      write(`event: channelError\ndata: ${JSON.stringify(body)}\n\n`)
      cleanup()
      res.end()
    },
  )
  const keepAlive = setInterval(() => write(': keep-alive\n\n'), opts.keepAliveMs)
  keepAlive.unref?.()

  let cleaned = false
  const cleanup = () => {
    if (cleaned) return
    cleaned = true
    clearInterval(keepAlive)
    unsubscribe()
    untrack()
  }
  const untrack = opts.track(() => {
    cleanup()
    res.end()
  })
  req.on('close', cleanup)
  res.on('close', cleanup)
  res.on('error', cleanup)
}
