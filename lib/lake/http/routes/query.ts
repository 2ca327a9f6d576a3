/** `GET|POST /v{apiVersion}/data/query/{dataset}` */

import { badRequest, methodNotAllowed, queryParseError } from '../../errors'
import { defaultPerspectiveName } from '../../perspective'
import type { LakeStore } from '../../store'
import { flag, groqParamsFromSearch, readJsonBody, sendJson, validateGroqParams, type RequestContext } from '../request'

export async function handleQuery(ctx: RequestContext, store: LakeStore): Promise<void> {
  const { req, url } = ctx
  let query: unknown
  let params: Record<string, unknown>
  if (req.method === 'GET' || req.method === 'HEAD') {
    query = url.searchParams.get('query')
    params = groqParamsFromSearch(url, typeof query === 'string' ? query : '')
  } else if (req.method === 'POST') {
    const body = await readJsonBody(req, 'queryParseError')
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
  const { result, ms } = await store.query(query, params, { perspective, authenticated: ctx.authenticated })
  sendJson(ctx.res, 200, returnQuery ? { query, result, ms } : { result, ms })
}
