/**
 * `GET /images/{projectId}/{dataset}/{sha1}-{w}x{h}.{ext}` with image API parameters.
 * Order of checks: parameters (400, from the URL alone), then existence and visibility (404:
 * anonymous readers get an asset only once a published document references it, unless the lake
 * serves all assets), then the source size limit, then (anonymous readers) a `rect` must be a
 * canonical crop (`image-crops.ts`, else 400), then the cache / fair render queue.
 */

import { createHash } from 'node:crypto'
import fs from 'node:fs'
import type { ServerResponse } from 'node:http'
import { imageAssetIdOf, imageFilePath, isAssetPublic, parseImageFileName } from '../../assets'
import { LakeError, methodNotAllowed, notFound } from '../../errors'
import { MAX_INPUT_PIXELS } from '../../image-limits'
import { renderImage } from '../../image-render'
import type { ImageService, RenderedImage } from '../../image-service'
import { isCanonicalRect } from '../../image-crops'
import { canonicalQuery, MIME_OF, parseImageTransform } from '../../image-transform'
import type { LakeStore } from '../../store'
import { budgetClientOf } from '../client-identity'
import type { RequestContext } from '../request'

export async function handleImage(
  ctx: RequestContext,
  store: LakeStore,
  target: { projectId: string; dataset: string; fileName: string },
  images: ImageService,
): Promise<void> {
  const { req, res, url } = ctx
  if (req.method !== 'GET' && req.method !== 'HEAD') throw methodNotAllowed(req.method ?? '')
  const parsed = parseImageFileName(target.fileName)
  if (!parsed || target.projectId !== store.projectId || target.dataset !== store.dataset) {
    throw notFound(`Image not found: ${target.fileName}`)
  }
  const transform = parseImageTransform(url.searchParams, parsed, String(req.headers.accept ?? ''))
  const file = imageFilePath(store, target.fileName)
  const isPublic = isAssetPublic(store, imageAssetIdOf(parsed))
  if ((!isPublic && !ctx.authenticated) || !fs.existsSync(file)) throw notFound(`Image not found: ${target.fileName}`)
  if (parsed.width * parsed.height > MAX_INPUT_PIXELS) {
    const description = `The image is ${parsed.width}x${parsed.height}, above the ${MAX_INPUT_PIXELS / 1e6} megapixel render limit`
    throw new LakeError(422, description, { error: { type: 'imageTooLarge', description } })
  }
  const storedCrop = !transform.rect || isCanonicalRect(store.database, imageAssetIdOf(parsed), transform.rect, requestedSize(url))
  if (!storedCrop && !ctx.authenticated) {
    const description = `Parameter "rect" must be a crop stored on a published use of this image (as @sanity/image-url builds it from its crop and hotspot)`
    throw new LakeError(400, description, { error: { type: 'imageRectNotAllowed', description } })
  }
  const key = `${target.fileName}?${canonicalQuery(transform)}`
  const request = { client: budgetClientOf(req, ctx.authenticated), canonical: storedCrop && isSiteVariant(url.searchParams) }
  const { image, source } = await images.get(key, async () => {
    const { data, ext } = await renderImage(await fs.promises.readFile(file), transform)
    const etag = `"${createHash('sha1').update(key).digest('hex').slice(0, 27)}"`
    return { data, contentType: MIME_OF[ext] ?? 'application/octet-stream', etag }
  }, request)
  sendImage(res, image, { ifNoneMatch: req.headers['if-none-match'], headOnly: req.method === 'HEAD', isPublic, source })
}

/**
 * A variant the site's pages ask for: what @sanity/image-url and the loader build (`rect` from a
 * stored crop, `w`, `h` only with a rect, `q` 75, `auto=format`, `fit`), nothing else. Its first
 * render goes before any other variant's.
 */
function isSiteVariant(search: URLSearchParams): boolean {
  for (const [name, value] of search) {
    if (name === 'q' && value !== '75') return false
    if (name === 'h' && !search.has('rect')) return false
    if (!['rect', 'w', 'h', 'q', 'auto', 'fit'].includes(name)) return false
  }
  return true
}

/** The `w` and `h` asked for (before snapping): the aspect ratio a crop's rect was built for. */
function requestedSize(url: URL): { w?: number; h?: number } {
  const w = Number(url.searchParams.get('w'))
  const h = Number(url.searchParams.get('h'))
  return { w: w > 0 ? w : undefined, h: h > 0 ? h : undefined }
}

function sendImage(
  res: ServerResponse,
  image: RenderedImage,
  opts: { ifNoneMatch: string | undefined; headOnly: boolean; isPublic: boolean; source: string },
): void {
  const headers = {
    // An embargoed asset served to an authenticated reader must not land in a shared cache.
    'cache-control': opts.isPublic ? 'public, max-age=31536000, immutable' : 'private, no-store',
    etag: image.etag,
    vary: 'Accept',
    'x-lake-image-cache': opts.source,
  }
  if (opts.ifNoneMatch && opts.ifNoneMatch.split(',').some((tag) => tag.trim() === image.etag)) {
    res.writeHead(304, headers)
    res.end()
    return
  }
  res.writeHead(200, { ...headers, 'content-type': image.contentType, 'content-length': image.data.length })
  res.end(opts.headOnly ? undefined : image.data)
}
