/**
 * The Sanity image API subset the site uses, implemented with sharp: w, h, q, fm, auto=format,
 * fit, rect, crop, fp-x/fp-y, dpr, bg. Sizes are bounded; bad parameters are 400s.
 */

import sharp, { type Metadata, type Sharp } from 'sharp'
import { badRequest, LakeError } from './errors'

export const MAX_IMAGE_DIMENSION = 4000
const OUTPUT_FORMATS = ['jpg', 'pjpg', 'png', 'webp', 'avif'] as const
type OutputFormat = (typeof OUTPUT_FORMATS)[number]
const FITS = ['clip', 'crop', 'fill', 'fillmax', 'max', 'min', 'scale'] as const
type Fit = (typeof FITS)[number]

export interface ImageTransform {
  width?: number
  height?: number
  quality?: number
  format: OutputFormat | 'original'
  fit: Fit
  rect?: [number, number, number, number]
  crop: string
  focalPoint?: [number, number]
  background?: string
}

export const MIME_OF: Record<string, string> = {
  jpg: 'image/jpeg', pjpg: 'image/jpeg', png: 'image/png', webp: 'image/webp', avif: 'image/avif', gif: 'image/gif', svg: 'image/svg+xml', tiff: 'image/tiff',
}

/** Plain decimal numbers only (`Number()` would also take "0x10", " 10" or "1e3"). */
const DECIMAL = /^-?\d+(\.\d+)?$/

function intParam(search: URLSearchParams, name: string, min: number, max: number): number | undefined {
  const raw = search.get(name)
  if (raw === null || raw === '') return undefined
  const value = DECIMAL.test(raw) ? Number(raw) : NaN
  if (!Number.isFinite(value) || value < min || value > max) {
    throw badRequest(`Parameter "${name}" must be a number between ${min} and ${max}`, 'imageParameterError')
  }
  return Math.round(value)
}

function unitParam(search: URLSearchParams, name: string): number | undefined {
  const raw = search.get(name)
  if (raw === null || raw === '') return undefined
  const value = DECIMAL.test(raw) ? Number(raw) : NaN
  if (!Number.isFinite(value) || value < 0 || value > 1) throw badRequest(`Parameter "${name}" must be between 0 and 1`, 'imageParameterError')
  return value
}

/** Reads the image API parameters; `accept` is the request's Accept header for `auto=format`. */
export function parseImageTransform(search: URLSearchParams, sourceExt: string, accept: string): ImageTransform {
  const dprRaw = search.get('dpr')
  const dprValue = dprRaw ? (DECIMAL.test(dprRaw) ? Number(dprRaw) : NaN) : 1
  if (!(dprValue >= 1 && dprValue <= 3)) throw badRequest('Parameter "dpr" must be a number between 1 and 3', 'imageParameterError')
  const dpr = dprValue
  let width = intParam(search, 'w', 1, MAX_IMAGE_DIMENSION) ?? intParam(search, 'max-w', 1, MAX_IMAGE_DIMENSION)
  let height = intParam(search, 'h', 1, MAX_IMAGE_DIMENSION) ?? intParam(search, 'max-h', 1, MAX_IMAGE_DIMENSION)
  if (width && dpr !== 1) width = Math.min(MAX_IMAGE_DIMENSION, Math.round(width * dpr))
  if (height && dpr !== 1) height = Math.min(MAX_IMAGE_DIMENSION, Math.round(height * dpr))
  const quality = intParam(search, 'q', 0, 100)
  const fm = search.get('fm')
  let format: ImageTransform['format'] = 'original'
  if (fm) {
    if (!OUTPUT_FORMATS.includes(fm as OutputFormat)) throw badRequest(`Unsupported output format "${fm}"`, 'imageParameterError')
    format = fm as OutputFormat
  } else if (search.get('auto') === 'format') {
    if (/image\/avif/.test(accept)) format = 'avif'
    else if (/image\/webp/.test(accept)) format = 'webp'
  }
  if (format === 'original' && !['jpg', 'png', 'webp', 'avif'].includes(sourceExt) && (width || height)) format = 'png'
  const fitRaw = search.get('fit') ?? 'clip'
  if (!FITS.includes(fitRaw as Fit)) throw badRequest(`Unsupported fit "${fitRaw}"`, 'imageParameterError')
  let rect: ImageTransform['rect']
  const rectRaw = search.get('rect')
  if (rectRaw) {
    const parts = rectRaw.split(',').map(Number)
    if (parts.length !== 4 || parts.some((n) => !Number.isInteger(n) || n < 0) || parts[2] === 0 || parts[3] === 0) {
      throw badRequest('Parameter "rect" must be x,y,width,height', 'imageParameterError')
    }
    rect = parts as [number, number, number, number]
  }
  const fx = unitParam(search, 'fp-x')
  const fy = unitParam(search, 'fp-y')
  const bg = search.get('bg')
  if (bg && !/^([0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/.test(bg)) throw badRequest('Parameter "bg" must be a hex colour', 'imageParameterError')
  return {
    width, height, quality, format, fit: fitRaw as Fit, rect,
    crop: search.get('crop') ?? 'center',
    focalPoint: fx !== undefined || fy !== undefined ? [fx ?? 0.5, fy ?? 0.5] : undefined,
    background: bg ? `#${bg}` : undefined,
  }
}

/** A stable key of the transform, for caching and ETags. */
export function transformKey(t: ImageTransform): string {
  return JSON.stringify(t)
}

const POSITIONS: Record<string, string> = {
  top: 'north', bottom: 'south', left: 'west', right: 'east', center: 'centre',
  'top,left': 'northwest', 'left,top': 'northwest', 'top,right': 'northeast', 'right,top': 'northeast',
  'bottom,left': 'southwest', 'left,bottom': 'southwest', 'bottom,right': 'southeast', 'right,bottom': 'southeast',
}

/**
 * Runs the transform; returns the bytes and the output format extension. A stored original that
 * cannot be decoded (e.g. a truncated upload accepted before uploads were fully decoded) is a 422.
 */
export async function renderImage(input: Buffer, sourceExt: string, t: ImageTransform): Promise<{ data: Buffer; ext: string }> {
  try {
    return await renderUnchecked(input, sourceExt, t)
  } catch (err) {
    if (err instanceof LakeError) throw err
    const description = `The stored image could not be decoded: ${(err as Error)?.message?.split('\n')[0] ?? String(err)}`
    throw new LakeError(422, description, { error: { type: 'imageDecodeError', description } })
  }
}

async function renderUnchecked(input: Buffer, sourceExt: string, t: ImageTransform): Promise<{ data: Buffer; ext: string }> {
  let pipeline = sharp(input, { animated: false }).rotate()
  const meta = await sharp(input).metadata()
  let srcW = meta.width ?? 0
  let srcH = meta.height ?? 0
  if ((meta.orientation ?? 1) >= 5) [srcW, srcH] = [srcH, srcW]
  if (t.rect) {
    const [x, y, w, h] = t.rect
    const left = Math.min(x, srcW - 1)
    const top = Math.min(y, srcH - 1)
    const width = Math.max(1, Math.min(w, srcW - left))
    const height = Math.max(1, Math.min(h, srcH - top))
    pipeline = sharp(await pipeline.extract({ left, top, width, height }).toBuffer())
    srcW = width
    srcH = height
  }
  if (t.width || t.height) pipeline = await resize(pipeline, srcW, srcH, t)
  const ext = t.format === 'original' ? sourceExt : t.format
  const q = t.quality
  switch (ext) {
    case 'jpg': pipeline = pipeline.flatten({ background: t.background ?? '#ffffff' }).jpeg({ quality: q ?? 75 }); break
    case 'pjpg': pipeline = pipeline.flatten({ background: t.background ?? '#ffffff' }).jpeg({ quality: q ?? 75, progressive: true }); break
    case 'png': pipeline = pipeline.png(); break
    case 'webp': pipeline = pipeline.webp({ quality: q ?? 75 }); break
    case 'avif': pipeline = pipeline.avif({ quality: q ?? 50, effort: 2 }); break
    default: break
  }
  return { data: await pipeline.toBuffer(), ext: ext === 'pjpg' ? 'jpg' : ext }
}

async function resize(pipeline: Sharp, srcW: number, srcH: number, t: ImageTransform): Promise<Sharp> {
  const w = t.width
  const h = t.height
  const position = POSITIONS[t.crop] ?? (t.crop === 'entropy' ? sharp.strategy.entropy : 'centre')
  switch (t.fit) {
    case 'scale':
      return pipeline.resize(w ?? null, h ?? null, { fit: 'fill' })
    case 'fill':
    case 'fillmax':
      return pipeline.resize(w ?? null, h ?? null, { fit: 'contain', background: t.background ?? '#ffffff', withoutEnlargement: t.fit === 'fillmax' })
    case 'max':
      return pipeline.resize(w ?? null, h ?? null, { fit: 'inside', withoutEnlargement: true })
    case 'min':
      return pipeline.resize(w ?? null, h ?? null, { fit: w && h ? 'cover' : 'inside', withoutEnlargement: true, position })
    case 'crop': {
      if (!w || !h) return pipeline.resize(w ?? null, h ?? null, { fit: 'inside' })
      if (t.focalPoint || t.crop === 'focalpoint') return cropAroundFocalPoint(pipeline, srcW, srcH, w, h, t.focalPoint ?? [0.5, 0.5])
      return pipeline.resize(w, h, { fit: 'cover', position })
    }
    default:
      return pipeline.resize(w ?? null, h ?? null, { fit: 'inside' })
  }
}

async function cropAroundFocalPoint(
  pipeline: Sharp, srcW: number, srcH: number, w: number, h: number, [fx, fy]: [number, number],
): Promise<Sharp> {
  const scale = Math.max(w / srcW, h / srcH)
  const scaledW = Math.max(w, Math.round(srcW * scale))
  const scaledH = Math.max(h, Math.round(srcH * scale))
  const left = Math.min(scaledW - w, Math.max(0, Math.round(fx * scaledW - w / 2)))
  const top = Math.min(scaledH - h, Math.max(0, Math.round(fy * scaledH - h / 2)))
  const resized = await pipeline.resize(scaledW, scaledH, { fit: 'fill' }).toBuffer()
  return sharp(resized).extract({ left, top, width: w, height: h })
}
