/** `GET /v{apiVersion}/data/doc/{dataset}/{id1},{id2}` */

import { badRequest, methodNotAllowed } from '../../errors'
import type { LakeStore } from '../../store'
import { sendJson, type RequestContext } from '../request'

const MAX_IDS = 1000

export function handleDoc(ctx: RequestContext, store: LakeStore, idList: string): void {
  if (ctx.req.method !== 'GET' && ctx.req.method !== 'HEAD') throw methodNotAllowed(ctx.req.method ?? '')
  const ids = idList
    .split(',')
    .map((id) => safeDecode(id).trim())
    .filter((id) => id.length > 0)
  if (ids.length === 0) throw badRequest('No document ids given')
  if (ids.length > MAX_IDS) throw badRequest(`At most ${MAX_IDS} ids per request`)
  const { documents, omitted } = store.getDocuments(ids, { authenticated: ctx.authenticated })
  const excludeContent = ctx.url.searchParams.get('excludeContent') === 'true'
  sendJson(ctx.res, 200, {
    documents: excludeContent ? documents.map((d) => ({ _id: d._id, _type: d._type, _rev: d._rev })) : documents,
    omitted,
  })
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    throw badRequest(`Malformed document id in path: "${value}"`)
  }
}
