/** `GET /images/{projectId}/{dataset}/{sha1}-{w}x{h}.{ext}` with image API parameters. */

import { createHash } from 'node:crypto'
import fs from 'node:fs'
import type { ServerResponse } from 'node:http'
import { imageFilePath, parseImageFileName } from '../../assets'
import { methodNotAllowed, notFound } from '../../errors'
import { MIME_OF, parseImageTransform, renderImage, transformKey } from '../../image-transform'
import { LruCache } from '../../lru-cache'
import type { LakeStore } from '../../store'
import type { RequestContext } from '../request'

interface RenderedImage {
  data: Buffer
  contentType: string
  etag: string
}

/** Resized outputs, bounded by total bytes. */
export function createImageCache(maxBytes = 64 * 1024 * 1024): LruCache<string, RenderedImage> {
  return new LruCache<string, RenderedImage>(2000, maxBytes, (image) => image.data.length)
}

export async function handleImage(
  ctx: RequestContext,
  store: LakeStore,
  target: { projectId: string; dataset: string; fileName: string },
  cache: LruCache<string, RenderedImage>,
): Promise<void> {
  const { req, res, url } = ctx
  if (req.method !== 'GET' && req.method !== 'HEAD') throw methodNotAllowed(req.method ?? '')
  const parsed = parseImageFileName(target.fileName)
  if (!parsed || target.projectId !== store.projectId || target.dataset !== store.dataset) {
    throw notFound(`Image not found: ${target.fileName}`)
  }
  const file = imageFilePath(store, target.fileName)
  if (!fs.existsSync(file)) throw notFound(`Image not found: ${target.fileName}`)
  const transform = parseImageTransform(url.searchParams, parsed.ext, String(req.headers.accept ?? ''))
  const key = `${target.fileName}|${transformKey(transform)}`
  let image = cache.get(key)
  if (!image) {
    const { data, ext } = await renderImage(fs.readFileSync(file), parsed.ext, transform)
    const etag = `"${createHash('sha1').update(key).digest('hex').slice(0, 27)}"`
    image = { data, contentType: MIME_OF[ext] ?? 'application/octet-stream', etag }
    cache.set(key, image)
  }
  sendImage(res, image, req.headers['if-none-match'], req.method === 'HEAD')
}

function sendImage(res: ServerResponse, image: RenderedImage, ifNoneMatch: string | undefined, headOnly: boolean): void {
  const headers = {
    'cache-control': 'public, max-age=31536000, immutable',
    etag: image.etag,
    vary: 'Accept',
  }
  if (ifNoneMatch && ifNoneMatch.split(',').some((tag) => tag.trim() === image.etag)) {
    res.writeHead(304, headers)
    res.end()
    return
  }
  res.writeHead(200, { ...headers, 'content-type': image.contentType, 'content-length': image.data.length })
  res.end(headOnly ? undefined : image.data)
}
