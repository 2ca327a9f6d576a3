/** `GET /v{apiVersion}/data/listen/{dataset}`: server-sent events. */

import { randomBytes } from 'node:crypto'
import { methodNotAllowed, queryParseError } from '../../errors'
import { prepareListenFilter, subscribeToMutations } from '../../listen'
import type { LakeStore } from '../../store'
import { flag, groqParamsFromSearch, type RequestContext } from '../request'

export interface ListenRouteOptions {
  keepAliveMs: number
  /** Called with a close function so the server can end open streams on shutdown. */
  track: (close: () => void) => () => void
}

export function handleListen(ctx: RequestContext, store: LakeStore, opts: ListenRouteOptions): void {
  if (ctx.req.method !== 'GET') throw methodNotAllowed(ctx.req.method ?? '')
  const { url, req, res } = ctx
  const query = url.searchParams.get('query')
  if (!query) throw queryParseError('Missing "query"', '', 0, 0)
  const params = groqParamsFromSearch(url, query)
  const tree = prepareListenFilter(query, params)
  const listenOpts = {
    query,
    params,
    includeResult: flag(url, 'includeResult', true),
    includePreviousRevision: flag(url, 'includePreviousRevision', false),
    includeMutations: flag(url, 'includeMutations', true),
    authenticated: ctx.authenticated,
  }

  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  })
  res.flushHeaders()
  const write = (chunk: string) => {
    if (!res.writableEnded && !res.destroyed) res.write(chunk)
  }
  const listenerName = `L${randomBytes(8).toString('hex')}`
  write(`retry: 2000\n\n`)
  write(`event: welcome\ndata: ${JSON.stringify({ listenerName })}\n\n`)

  const unsubscribe = subscribeToMutations(store, listenOpts, tree, (event) => {
    write(`event: mutation\nid: ${event.eventId}\ndata: ${JSON.stringify(event)}\n\n`)
  })
  const keepAlive = setInterval(() => write(': keep-alive\n\n'), opts.keepAliveMs)
  keepAlive.unref()

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
