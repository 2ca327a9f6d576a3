/**
 * Image assets: stores uploaded bytes under `<dataDir>/assets/images/` and creates the
 * `sanity.imageAsset` document the way the Content Lake does (id `image-<sha1>-<w>x<h>-<ext>`).
 * Uploads above the pixel limit are refused from the header alone, before any pixel is decoded.
 */

import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import sharp, { type Metadata } from 'sharp'
import { badRequest, imageTooLarge } from './errors'
import { MAX_INPUT_PIXELS } from './image-limits'
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from './private-files'
import type { LakeStore } from './store'
import type { LakeDocument } from './types'

const FORMAT_EXTENSIONS: Record<string, { ext: string; mime: string }> = {
  jpeg: { ext: 'jpg', mime: 'image/jpeg' },
  png: { ext: 'png', mime: 'image/png' },
  webp: { ext: 'webp', mime: 'image/webp' },
  gif: { ext: 'gif', mime: 'image/gif' },
  avif: { ext: 'avif', mime: 'image/avif' },
  heif: { ext: 'avif', mime: 'image/avif' },
  tiff: { ext: 'tiff', mime: 'image/tiff' },
  svg: { ext: 'svg', mime: 'image/svg+xml' },
}

export const IMAGE_FILE_PATTERN = /^([a-f0-9]{40})-(\d+)x(\d+)\.([a-z0-9]+)$/

export interface ImageFileName {
  sha1: string
  width: number
  height: number
  ext: string
}

export function parseImageFileName(name: string): ImageFileName | null {
  const m = IMAGE_FILE_PATTERN.exec(name)
  return m ? { sha1: m[1], width: Number(m[2]), height: Number(m[3]), ext: m[4] } : null
}

export function imagesDirOf(store: LakeStore): string {
  return path.join(store.assetsDir, 'images')
}

/** Where the original bytes of an image asset live. */
export function imageFilePath(store: LakeStore, fileName: string): string {
  return path.join(imagesDirOf(store), fileName)
}

/** The public URL base images are served from (set by the HTTP server; `http://localhost` otherwise). */
export function imageUrlFor(store: LakeStore, fileName: string, baseUrl: string): string {
  return `${baseUrl.replace(/\/$/, '')}/images/${store.projectId}/${store.dataset}/${fileName}`
}

export interface UploadImageOptions {
  filename?: string
  baseUrl?: string
  identity?: string
}

/** Writes the image file (idempotent) and builds its asset document, without committing it. */
export async function prepareImageAsset(store: LakeStore, bytes: Buffer, opts: UploadImageOptions = {}): Promise<LakeDocument> {
  if (bytes.length === 0) throw badRequest('Empty upload body', 'assetError')
  let meta: Metadata
  try {
    meta = await sharp(bytes).metadata()
  } catch {
    throw badRequest('The uploaded file is not a supported image', 'assetError')
  }
  const format = meta.format ? FORMAT_EXTENSIONS[meta.format] : undefined
  if (!format || !meta.width || !meta.height) throw badRequest(`Unsupported image format: ${meta.format ?? 'unknown'}`, 'assetError')
  assertWithinPixelLimit(meta.width, meta.height)
  try {
    // metadata() reads only the header; decode every pixel so truncated/corrupt files are refused.
    await sharp(bytes, { failOn: 'truncated', limitInputPixels: MAX_INPUT_PIXELS }).stats()
  } catch (err) {
    throw badRequest(`The uploaded ${format.ext} image is truncated or corrupt: ${(err as Error).message.split('\n')[0]}`, 'assetError')
  }
  const orientedSwap = (meta.orientation ?? 1) >= 5
  const width = orientedSwap ? meta.height : meta.width
  const height = orientedSwap ? meta.width : meta.height
  const sha1 = createHash('sha1').update(bytes).digest('hex')
  const fileName = `${sha1}-${width}x${height}.${format.ext}`
  const target = imageFilePath(store, fileName)
  fs.mkdirSync(path.dirname(target), { recursive: true, mode: PRIVATE_DIR_MODE })
  if (!fs.existsSync(target)) {
    const tmp = `${target}.${process.pid}.tmp`
    fs.writeFileSync(tmp, bytes, { mode: PRIVATE_FILE_MODE })
    fs.renameSync(tmp, target)
  }
  return {
    _id: `image-${sha1}-${width}x${height}-${format.ext}`,
    _type: 'sanity.imageAsset',
    assetId: sha1,
    extension: format.ext,
    mimeType: format.mime,
    originalFilename: opts.filename ?? fileName,
    path: `images/${store.projectId}/${store.dataset}/${fileName}`,
    url: imageUrlFor(store, fileName, opts.baseUrl ?? 'http://localhost'),
    sha1hash: sha1,
    size: bytes.length,
    uploadId: sha1.slice(0, 32),
    metadata: {
      _type: 'sanity.imageMetadata',
      dimensions: { _type: 'sanity.imageDimensions', width, height, aspectRatio: width / height },
      hasAlpha: meta.hasAlpha ?? false,
      isOpaque: !(meta.hasAlpha ?? false),
    },
  }
}

/** Refuses (413) an image with more pixels than the lake decodes, naming the limit. */
function assertWithinPixelLimit(width: number, height: number): void {
  const pixels = width * height
  if (pixels <= MAX_INPUT_PIXELS) return
  const megapixels = Math.round(pixels / 1e5) / 10
  throw imageTooLarge(
    `The image is ${width}x${height} (${megapixels} megapixels); the lake accepts images up to ${MAX_INPUT_PIXELS / 1e6} megapixels`,
  )
}

/** Stores an image and creates (or returns the existing) asset document. */
export async function uploadImage(store: LakeStore, bytes: Buffer, opts: UploadImageOptions = {}): Promise<LakeDocument> {
  const doc = await prepareImageAsset(store, bytes, opts)
  const existing = store.getDocument(doc._id)
  if (existing) return existing
  const { results } = await store.mutate([{ createIfNotExists: doc }], { identity: opts.identity ?? 'lake-assets' })
  return results[0]?.document ?? (store.getDocument(doc._id) as LakeDocument)
}

/** The asset id of a stored image file (`<sha1>-<w>x<h>.<ext>` → `image-<sha1>-<w>x<h>-<ext>`). */
export function imageAssetIdOf(file: ImageFileName): string {
  return `image-${file.sha1}-${file.width}x${file.height}-${file.ext}`
}

/**
 * Whether anonymous readers may fetch the asset: with `publicAssets: 'all'` always, otherwise
 * only once a published document references it (embargo-safe; see `asset-refs.ts`).
 */
export function isAssetPublic(store: LakeStore, assetId: string): boolean {
  return store.publicAssets === 'all' || store.database.isAssetReferenced(assetId)
}

/** The stored file name of an image asset id (`image-<sha1>-<w>x<h>-<ext>` → `<sha1>-<w>x<h>.<ext>`). */
export function imageFileNameOfAssetId(assetId: string): string | null {
  const m = /^image-([a-f0-9]{40})-(\d+x\d+)-([a-z0-9]+)$/.exec(assetId)
  return m ? `${m[1]}-${m[2]}.${m[3]}` : null
}

/** Rewrites stored asset URLs to a new public base (the server's URL can change between runs). */
export function rebaseAssetUrls(store: LakeStore, baseUrl: string): number {
  const rows = store.database.rowsByType(['sanity.imageAsset'])
  let changed = 0
  store.database.transaction(() => {
    for (const row of rows) {
      const doc = JSON.parse(row.body) as LakeDocument
      const fileName = typeof doc.path === 'string' ? doc.path.split('/').pop() : undefined
      if (!fileName) continue
      const url = imageUrlFor(store, fileName, baseUrl)
      if (doc.url === url) continue
      store.database.writeDocument({ ...doc, url })
      changed++
    }
  })
  return changed
}
