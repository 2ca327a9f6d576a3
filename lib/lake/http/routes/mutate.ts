/** `POST /v{apiVersion}/data/mutate/{dataset}` */

import { methodNotAllowed, mutationError } from '../../errors'
import type { LakeStore } from '../../store'
import { identityOf } from '../../studio/auth'
import { flag, readJsonBody, requireAuthentication, sendJson, type RequestContext } from '../request'

export async function handleMutate(ctx: RequestContext, store: LakeStore): Promise<void> {
  if (ctx.req.method !== 'POST') throw methodNotAllowed(ctx.req.method ?? '')
  requireAuthentication(ctx, 'mutations')
  const body = await readJsonBody(ctx.req, 'mutationError')
  const transactionId = body.transactionId
  if (transactionId !== undefined && typeof transactionId !== 'string') {
    throw mutationError(400, '"transactionId" must be a string')
  }
  const returnDocuments = flag(ctx.url, 'returnDocuments', false)
  const returnIds = flag(ctx.url, 'returnIds', false)
  const outcome = await store.mutate(body.mutations, {
    transactionId,
    returnDocuments,
    dryRun: flag(ctx.url, 'dryRun', false),
    autoGenerateArrayKeys: flag(ctx.url, 'autoGenerateArrayKeys', false),
    identity: identityOf(ctx.req),
  })
  const results = outcome.results.map((item) => ({
    id: item.id,
    operation: item.operation,
    ...(returnDocuments && item.document ? { document: item.document } : {}),
  }))
  sendJson(ctx.res, 200, {
    transactionId: outcome.transactionId,
    results,
    ...(returnIds ? { documentIds: results.map((r) => r.id) } : {}),
  })
}
