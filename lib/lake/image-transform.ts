/**
 * The Sanity image API subset the site uses: w, h, max-w, max-h, dpr, q, fm, auto=format, fit,
 * rect, crop, fp-x/fp-y, bg. Parsing validates every parameter (bad ones are 400s) and returns
 * the CANONICAL transform: limits of `image-limits.ts` applied (widths and qualities snapped,
 * output clamped), `dpr` folded into the size, defaults filled in and no-ops dropped, so every
 * equivalent request has the same `canonicalQuery` and shares one cache entry.
 */

import { badRequest } from './errors'
import {
  ALLOWED_QUALITIES,
  ALLOWED_WIDTHS,
  MAX_OUTPUT_DIMENSION,
  MAX_OUTPUT_PIXELS,
  MAX_REQUESTED_DIMENSION,
  nearestAllowed,
} from './image-limits'

const OUTPUT_FORMATS = ['jpg', 'pjpg', 'png', 'webp', 'avif'] as const
export type OutputFormat = (typeof OUTPUT_FORMATS)[number] | 'gif' | 'tiff'
const FITS = ['clip', 'crop', 'fill', 'fillmax', 'max', 'min', 'scale'] as const
export type Fit = (typeof FITS)[number]
/** Stored formats served in their own format when no `fm`/`auto=format` applies; others become PNG. */
const KEPT_SOURCE_FORMATS: readonly string[] = ['jpg', 'png', 'webp', 'avif', 'gif', 'tiff']
const LOSSY: readonly string[] = ['jpg', 'pjpg', 'webp', 'avif']
const DEFAULT_QUALITY: Record<string, number> = { jpg: 75, pjpg: 75, webp: 75, avif: 50 }

/** `crop=` values (Sanity's) and sharp's gravity for each. */
const POSITIONS: Record<string, string> = {
  center: 'centre', top: 'north', bottom: 'south', left: 'west', right: 'east',
  'top,left': 'northwest', 'left,top': 'northwest', 'top,right': 'northeast', 'right,top': 'northeast',
  'bottom,left': 'southwest', 'left,bottom': 'southwest', 'bottom,right': 'southeast', 'right,bottom': 'southeast',
}

export interface SourceImage {
  ext: string
  /** Size after EXIF orientation (as in the file name and the asset's metadata). */
  width: number
  height: number
}

/** A canonical transform: only what changes the output, with every default resolved. */
export interface ImageTransform {
  format: OutputFormat
  /** x, y, width, height inside the source; absent when it is the whole image. */
  rect?: [number, number, number, number]
  width?: number
  height?: number
  /** Present only with `width` or `height`. */
  fit?: Fit
  /** sharp gravity (`centre`, `north`, …) or `entropy`; only for `fit=crop|min` with both sizes. */
  position?: string
  /** Only for `fit=crop` with both sizes and `crop=focalpoint` or `fp-x`/`fp-y`. */
  focalPoint?: [number, number]
  /** Only where it shows: `fit=fill|fillmax` padding and JPEG flattening. */
  background?: string
  /** Only for lossy formats. */
  quality?: number
}

export const MIME_OF: Record<string, string> = {
  jpg: 'image/jpeg', pjpg: 'image/jpeg', png: 'image/png', webp: 'image/webp', avif: 'image/avif', gif: 'image/gif', svg: 'image/svg+xml', tiff: 'image/tiff',
}

/** Plain decimal numbers only (`Number()` would also take "0x10", " 10" or "1e3"). */
const DECIMAL = /^-?\d+(\.\d+)?$/

function parameterError(description: string): never {
  throw badRequest(description, 'imageParameterError')
}

function numberParam(search: URLSearchParams, name: string, min: number, max: number): number | undefined {
  const raw = search.get(name)
  if (raw === null || raw === '') return undefined
  const value = DECIMAL.test(raw) ? Number(raw) : NaN
  if (!Number.isFinite(value) || value < min || value > max) parameterError(`Parameter "${name}" must be a number between ${min} and ${max}`)
  return value
}

function intParam(search: URLSearchParams, name: string, min: number, max: number): number | undefined {
  const value = numberParam(search, name, min, max)
  return value === undefined ? undefined : Math.round(value)
}

function parseRect(raw: string, source: SourceImage): [number, number, number, number] {
  const parts = raw.split(',')
  const numbers = parts.map((part) => (/^\d{1,6}$/.test(part) ? Number(part) : NaN))
  if (numbers.length !== 4 || numbers.some((n) => !Number.isInteger(n))) parameterError('Parameter "rect" must be x,y,width,height (whole numbers)')
  const [x, y, w, h] = numbers
  if (w <= 0 || h <= 0) parameterError('Parameter "rect" must have a positive width and height')
  if (x + w > source.width || y + h > source.height) {
    parameterError(`Parameter "rect" must lie inside the ${source.width}x${source.height} image`)
  }
  return [x, y, w, h]
}

function parseFormat(search: URLSearchParams, sourceExt: string, accept: string): OutputFormat {
  const fm = search.get('fm')
  if (fm) {
    if (!(OUTPUT_FORMATS as readonly string[]).includes(fm)) parameterError(`Unsupported output format "${fm}" (use one of ${OUTPUT_FORMATS.join(', ')})`)
    return fm as OutputFormat
  }
  const auto = search.get('auto')
  if (auto !== null && auto !== '' && auto !== 'format') parameterError(`Unsupported auto "${auto}" (only auto=format)`)
  if (auto === 'format') {
    if (/image\/avif/.test(accept)) return 'avif'
    if (/image\/webp/.test(accept)) return 'webp'
  }
  return (KEPT_SOURCE_FORMATS.includes(sourceExt) ? sourceExt : 'png') as OutputFormat
}

/**
 * The largest output the resize can produce for a `regionW`×`regionH` source: exact for the
 * fits that reach the box, an upper bound for those that never enlarge.
 */
function outputBound(regionW: number, regionH: number, fit: Fit, w: number | undefined, h: number | undefined): [number, number] {
  if (w === undefined && h === undefined) return [regionW, regionH]
  if (w !== undefined && h !== undefined) {
    if (fit === 'clip' || fit === 'max') {
      const scale = Math.min(w / regionW, h / regionH)
      return [regionW * scale, regionH * scale]
    }
    return [w, h]
  }
  const scale = w !== undefined ? w / regionW : (h as number) / regionH
  return [regionW * scale, regionH * scale]
}

/** Reads, validates and canonicalises the image parameters; `accept` is the request's Accept header. */
export function parseImageTransform(search: URLSearchParams, source: SourceImage, accept: string): ImageTransform {
  const dpr = numberParam(search, 'dpr', 1, 3) ?? 1
  let width = intParam(search, 'w', 1, MAX_REQUESTED_DIMENSION) ?? intParam(search, 'max-w', 1, MAX_REQUESTED_DIMENSION)
  let height = intParam(search, 'h', 1, MAX_REQUESTED_DIMENSION) ?? intParam(search, 'max-h', 1, MAX_REQUESTED_DIMENSION)
  const requestedQuality = intParam(search, 'q', 0, 100)
  const format = parseFormat(search, source.ext, accept)
  const fit = (search.get('fit') || 'clip') as Fit
  if (!FITS.includes(fit)) parameterError(`Unsupported fit "${fit}" (use one of ${FITS.join(', ')})`)
  const rectRaw = search.get('rect')
  let rect = rectRaw ? parseRect(rectRaw, source) : undefined
  const fx = numberParam(search, 'fp-x', 0, 1)
  const fy = numberParam(search, 'fp-y', 0, 1)
  const bg = search.get('bg')
  if (bg && !/^([0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/.test(bg)) parameterError('Parameter "bg" must be a hex colour')
  const crop = search.get('crop') || 'center'
  if (crop !== 'focalpoint' && crop !== 'entropy' && !(crop in POSITIONS)) {
    parameterError(`Unsupported crop "${crop.slice(0, 40)}" (use focalpoint, entropy, center, top, bottom, left, right or a corner like top,left)`)
  }

  if (rect && rect[0] === 0 && rect[1] === 0 && rect[2] === source.width && rect[3] === source.height) rect = undefined
  const regionW = rect ? rect[2] : source.width
  const regionH = rect ? rect[3] : source.height

  if (width !== undefined) width = Math.round(width * dpr)
  if (height !== undefined) height = Math.round(height * dpr)
  if (width !== undefined) {
    const snapped = nearestAllowed(width, ALLOWED_WIDTHS)
    if (height !== undefined) height = Math.max(1, Math.round((height * snapped) / width))
    width = snapped
  }
  const [boundW, boundH] = outputBound(regionW, regionH, fit, width, height)
  const shrink = Math.min(1, MAX_OUTPUT_DIMENSION / boundW, MAX_OUTPUT_DIMENSION / boundH, Math.sqrt(MAX_OUTPUT_PIXELS / (boundW * boundH)))
  if (shrink < 1) {
    if (width === undefined && height === undefined) width = Math.max(1, Math.floor(regionW * shrink))
    else {
      if (width !== undefined) width = Math.max(1, Math.floor(width * shrink))
      if (height !== undefined) height = Math.max(1, Math.floor(height * shrink))
    }
  }
  if ((width ?? regionW) === regionW && (height ?? regionH) === regionH) {
    width = undefined
    height = undefined
  }

  const resized = width !== undefined || height !== undefined
  const both = width !== undefined && height !== undefined
  const transform: ImageTransform = { format }
  if (rect) transform.rect = rect
  if (resized) {
    transform.width = width
    transform.height = height
    transform.fit = fit
  }
  if (both && fit === 'crop' && (crop === 'focalpoint' || fx !== undefined || fy !== undefined)) {
    transform.focalPoint = [fx ?? 0.5, fy ?? 0.5]
  } else if (both && (fit === 'crop' || fit === 'min')) {
    transform.position = crop === 'entropy' ? 'entropy' : (POSITIONS[crop] ?? 'centre')
  }
  if ((resized && (fit === 'fill' || fit === 'fillmax')) || format === 'jpg' || format === 'pjpg') {
    transform.background = `#${(bg ?? 'ffffff').toLowerCase()}`
  }
  if (LOSSY.includes(format)) {
    transform.quality = requestedQuality === undefined ? DEFAULT_QUALITY[format] : nearestAllowed(requestedQuality, ALLOWED_QUALITIES)
  }
  return transform
}

/** The canonical transform as a sorted query string: the cache key and the ETag's input. */
export function canonicalQuery(t: ImageTransform): string {
  const params: [string, string][] = [['fm', t.format]]
  if (t.rect) params.push(['rect', t.rect.join(',')])
  if (t.width !== undefined) params.push(['w', String(t.width)])
  if (t.height !== undefined) params.push(['h', String(t.height)])
  if (t.fit) params.push(['fit', t.fit])
  if (t.position) params.push(['crop', t.position])
  if (t.focalPoint) params.push(['fp-x', String(t.focalPoint[0])], ['fp-y', String(t.focalPoint[1])])
  if (t.background) params.push(['bg', t.background.slice(1)])
  if (t.quality !== undefined) params.push(['q', String(t.quality)])
  return params
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&')
}
