/**
 * `GET|POST /v{apiVersion}/data/query/{dataset}`. The size limits are checked here, before any
 * parsing (a body over `MAX_QUERY_BODY_BYTES` is refused unread); the query itself runs in a query
 * worker, and its result comes back as JSON text that is sent on without being parsed again.
 */

import type { IncomingMessage } from 'node:http'
import { buildContentSourceMap } from '../../content-source-map'
import { badRequest, isLakeError, methodNotAllowed, queryParseError } from '../../errors'
import { defaultPerspectiveName } from '../../perspective'
import { MAX_QUERY_BODY_BYTES, QUERY_LIMITS, queryTooLarge } from '../../query-limits'
import type { LakeStore } from '../../store'
import { budgetClientOf } from '../client-identity'
import { flag, groqParamsFromSearch, readJsonBody, validateGroqParams, type RequestContext } from '../request'

export async function handleQuery(ctx: RequestContext, store: LakeStore): Promise<void> {
  const { req, res, url } = ctx
  let query: unknown
  let params: Record<string, unknown>
  if (req.method === 'GET' || req.method === 'HEAD') {
    query = url.searchParams.get('query')
    params = groqParamsFromSearch(url, typeof query === 'string' ? query : '')
  } else if (req.method === 'POST') {
    const body = await readQueryBody(req)
    query = body.query
    const bodyParams = body.params ?? {}
    if (typeof bodyParams !== 'object' || bodyParams === null || Array.isArray(bodyParams)) {
      throw badRequest('"params" must be an object', 'queryParseError')
    }
    if (query !== undefined && typeof query !== 'string') throw badRequest('"query" must be a string', 'queryParseError')
    params = validateGroqParams(bodyParams as Record<string, unknown>, typeof query === 'string' ? query : '')
  } else {
    throw methodNotAllowed(req.method ?? '')
  }
  if (typeof query !== 'string' || query.trim() === '') {
    throw queryParseError('Missing "query"', typeof query === 'string' ? query : '', 0, 0)
  }
  const perspective = url.searchParams.get('perspective') || defaultPerspectiveName(ctx.apiVersion)
  const returnQuery = flag(url, 'returnQuery', true)
  const { resultJson, ms } = await store.queryJson(query, params, { perspective, authenticated: ctx.authenticated, client: budgetClientOf(req, ctx.authenticated) })
  const sourceMap = url.searchParams.get('resultSourceMap')
  const sourceMapJson = sourceMap && sourceMap !== 'false' ? `,"resultSourceMap":${await sourceMapFor(store, resultJson, perspective, ctx.authenticated)}` : ''
  const payload = `{${returnQuery ? `"query":${JSON.stringify(query)},` : ''}"result":${resultJson}${sourceMapJson},"ms":${ms}}`
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    'cache-control': 'no-store',
  })
  res.end(payload)
}

/** `resultSourceMap=true|withKeyArraySelector`: the result's Content Source Map (see content-source-map.ts). */
async function sourceMapFor(store: LakeStore, resultJson: string, perspective: string, authenticated: boolean): Promise<string> {
  const load = async (ids: string[]) =>
    (await store.query('*[_id in $ids]', { ids }, { perspective, authenticated })).result as Record<string, unknown>[]
  return JSON.stringify(await buildContentSourceMap(JSON.parse(resultJson), load))
}

const BODY_TOO_LARGE =
  `Query request body exceeds ${MAX_QUERY_BODY_BYTES} bytes (queries are limited to ${QUERY_LIMITS.maxQueryBytes} bytes ` +
  `and parameters to ${QUERY_LIMITS.maxParamsBytes} bytes of JSON)`

/** The JSON body of a POST query, refused with a 400 as soon as it is known to be too large. */
async function readQueryBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > MAX_QUERY_BODY_BYTES) throw queryTooLarge(BODY_TOO_LARGE)
  try {
    return await readJsonBody(req, 'queryParseError', MAX_QUERY_BODY_BYTES)
  } catch (err) {
    if (isLakeError(err) && err.statusCode === 413) throw queryTooLarge(BODY_TOO_LARGE)
    throw err
  }
}
