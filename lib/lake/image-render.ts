/**
 * Renders a canonical image transform with sharp in ONE pipeline (orient, extract, resize,
 * encode), so no intermediate image is larger than the decoded source or the output. Decoding is
 * capped by `limitInputPixels` and each render by a sharp timeout.
 */

import sharp, { type Sharp } from 'sharp'
import { LakeError, serviceUnavailable } from './errors'
import { MAX_INPUT_PIXELS, RENDER_RETRY_AFTER_SECONDS, RENDER_TIMEOUT_SECONDS } from './image-limits'
import type { ImageTransform } from './image-transform'

// One libvips thread per render, and at most IMAGE_RENDER_CORES renders: one core stays free.
sharp.concurrency(1)

type Region = { left: number; top: number; width: number; height: number }

/**
 * Runs the transform; returns the bytes and the output format extension. A stored original that
 * cannot be decoded is a 422, one above the pixel limit a 422 naming it, a render past the time
 * limit a 503.
 */
export async function renderImage(input: Buffer, t: ImageTransform): Promise<{ data: Buffer; ext: string }> {
  try {
    return await renderUnchecked(input, t)
  } catch (err) {
    if (err instanceof LakeError) throw err
    const message = (err as Error)?.message?.split('\n')[0] ?? String(err)
    if (/pixel limit/i.test(message)) {
      const description = `The stored image is larger than the ${MAX_INPUT_PIXELS / 1e6} megapixel render limit`
      throw new LakeError(422, description, { error: { type: 'imageTooLarge', description } })
    }
    if (/timeout/i.test(message)) {
      throw serviceUnavailable('imageRenderTimeout', `Rendering the image took longer than ${RENDER_TIMEOUT_SECONDS} s`, RENDER_RETRY_AFTER_SECONDS)
    }
    const description = `The stored image could not be decoded: ${message}`
    throw new LakeError(422, description, { error: { type: 'imageDecodeError', description } })
  }
}

async function renderUnchecked(input: Buffer, t: ImageTransform): Promise<{ data: Buffer; ext: string }> {
  const meta = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS }).metadata()
  let srcW = meta.width ?? 0
  let srcH = meta.height ?? 0
  if ((meta.orientation ?? 1) >= 5) [srcW, srcH] = [srcH, srcW]
  if (srcW * srcH > MAX_INPUT_PIXELS) throw new Error('Input image exceeds pixel limit')
  let region = clampRegion(t.rect ? { left: t.rect[0], top: t.rect[1], width: t.rect[2], height: t.rect[3] } : null, srcW, srcH)
  let pipeline = sharp(input, { animated: false, limitInputPixels: MAX_INPUT_PIXELS }).rotate()
  const { width: w, height: h } = t
  if (w && h && t.focalPoint) {
    region = focalCrop(region, w, h, t.focalPoint)
    pipeline = extract(pipeline, region, srcW, srcH).resize(w, h, { fit: 'fill' })
  } else {
    pipeline = extract(pipeline, region, srcW, srcH)
    if (w || h) pipeline = resize(pipeline, t)
  }
  const q = t.quality
  const background = t.background ?? '#ffffff'
  switch (t.format) {
    case 'jpg': pipeline = pipeline.flatten({ background }).jpeg({ quality: q }); break
    case 'pjpg': pipeline = pipeline.flatten({ background }).jpeg({ quality: q, progressive: true }); break
    case 'png': pipeline = pipeline.png(); break
    case 'webp': pipeline = pipeline.webp({ quality: q }); break
    case 'avif': pipeline = pipeline.avif({ quality: q, effort: 2 }); break
    case 'gif': pipeline = pipeline.gif(); break
    case 'tiff': pipeline = pipeline.tiff(); break
  }
  const data = await pipeline.timeout({ seconds: RENDER_TIMEOUT_SECONDS }).toBuffer()
  return { data, ext: t.format === 'pjpg' ? 'jpg' : t.format }
}

/** The rect inside the actual image (the file-name size is checked already; this guards odd files). */
function clampRegion(rect: Region | null, srcW: number, srcH: number): Region {
  if (!rect) return { left: 0, top: 0, width: srcW, height: srcH }
  const left = Math.min(rect.left, srcW - 1)
  const top = Math.min(rect.top, srcH - 1)
  return { left, top, width: Math.max(1, Math.min(rect.width, srcW - left)), height: Math.max(1, Math.min(rect.height, srcH - top)) }
}

function extract(pipeline: Sharp, region: Region, srcW: number, srcH: number): Sharp {
  if (region.left === 0 && region.top === 0 && region.width === srcW && region.height === srcH) return pipeline
  return pipeline.extract(region)
}

/**
 * The part of `region` that, scaled to cover w×h, fills it exactly, centred on the focal point
 * (fractions of the region) as far as the region allows. Computed in source pixels, so the
 * resize that follows never makes an image larger than w×h.
 */
function focalCrop(region: Region, w: number, h: number, [fx, fy]: [number, number]): Region {
  const scale = Math.max(w / region.width, h / region.height)
  const width = Math.max(1, Math.min(region.width, Math.round(w / scale)))
  const height = Math.max(1, Math.min(region.height, Math.round(h / scale)))
  const left = Math.min(region.width - width, Math.max(0, Math.round(fx * region.width - width / 2)))
  const top = Math.min(region.height - height, Math.max(0, Math.round(fy * region.height - height / 2)))
  return { left: region.left + left, top: region.top + top, width, height }
}

function resize(pipeline: Sharp, t: ImageTransform): Sharp {
  const w = t.width ?? null
  const h = t.height ?? null
  const position = t.position === 'entropy' ? sharp.strategy.entropy : (t.position ?? 'centre')
  switch (t.fit) {
    case 'scale':
      return pipeline.resize(w, h, { fit: 'fill' })
    case 'fill':
    case 'fillmax':
      return pipeline.resize(w, h, { fit: 'contain', background: t.background ?? '#ffffff', withoutEnlargement: t.fit === 'fillmax' })
    case 'max':
      return pipeline.resize(w, h, { fit: 'inside', withoutEnlargement: true })
    case 'min':
      return pipeline.resize(w, h, { fit: w && h ? 'cover' : 'inside', withoutEnlargement: true, position })
    case 'crop':
      return w && h ? pipeline.resize(w, h, { fit: 'cover', position }) : pipeline.resize(w, h, { fit: 'inside' })
    default:
      return pipeline.resize(w, h, { fit: 'inside' })
  }
}
