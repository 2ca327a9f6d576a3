/** `POST /v{apiVersion}/assets/images/{dataset}`: raw image body, `?filename=`. */

import { badRequest, methodNotAllowed } from '../../errors'
import { uploadImage } from '../../assets'
import type { LakeStore } from '../../store'
import { ASSET_BODY_LIMIT, readBody, requireAuthentication, sendJson, type RequestContext } from '../request'

export async function handleAssetUpload(ctx: RequestContext, store: LakeStore, kind: string, baseUrl: string): Promise<void> {
  if (ctx.req.method !== 'POST') throw methodNotAllowed(ctx.req.method ?? '')
  requireAuthentication(ctx, 'asset uploads')
  if (kind !== 'images') throw badRequest(`Asset type "${kind}" is not supported by the lake (only images)`, 'assetError')
  const bytes = await readBody(ctx.req, ASSET_BODY_LIMIT)
  const filename = ctx.url.searchParams.get('filename') ?? undefined
  const document = await uploadImage(store, bytes, { filename, baseUrl, identity: 'lake-token' })
  sendJson(ctx.res, 200, { document })
}
