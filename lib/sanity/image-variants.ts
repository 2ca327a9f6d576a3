/**
 * The image variants the site itself asks for, as the `/media/images` proxy accepts them: what
 * `@sanity/image-url` (lib/sanity/image.ts) builds and lib/sanity/image-loader.ts sizes, nothing
 * else. Anything else is refused; a variant larger than the output bounds is sized down to the
 * largest allowed width that fits. The result is one canonical query per variant, so equivalent
 * requests share one upstream (and cache) entry.
 */
import { imageConfigDefault } from 'next/dist/shared/lib/image-config'
import nextConfig from '@/next.config.js'

const images = nextConfig.images ?? {}

/** Widths next/image hands the loader: `deviceSizes` + `imageSizes` (next.config.js, else Next's defaults). */
export const SITE_IMAGE_WIDTHS: readonly number[] = [
  ...new Set([...(images.deviceSizes ?? imageConfigDefault.deviceSizes), ...(images.imageSizes ?? imageConfigDefault.imageSizes)]),
].sort((a, b) => a - b)

/** Qualities next/image allows (`images.qualities`, Next's default [75]); the loader's own default is 75. */
export const SITE_IMAGE_QUALITIES: readonly number[] = images.qualities ?? imageConfigDefault.qualities ?? [75]

/** Largest output side and area the proxy forwards: a 16:9 "4K" frame. */
export const MAX_IMAGE_OUTPUT_SIDE = 3840
export const MAX_IMAGE_OUTPUT_PIXELS = 3840 * 2160

/** In canonical order. `auto=format` is always present (lib/sanity/image.ts sets it). */
const KNOWN_PARAMETERS = ['rect', 'w', 'h', 'fit', 'q', 'auto'] as const

export type SourceSize = { width: number; height: number }
export type ImageVariantResult = { ok: true; query: string } | { ok: false; error: string }

const WHOLE = /^\d{1,5}$/

function refuse(error: string): ImageVariantResult {
  return { ok: false, error }
}

/** Validates `search` against what the site's loader emits for a `source`-sized image; returns the canonical query. */
export function canonicalSiteImageQuery(search: URLSearchParams, source: SourceSize): ImageVariantResult {
  const values = new Map<string, string>()
  for (const [name, value] of search) {
    if (!(KNOWN_PARAMETERS as readonly string[]).includes(name)) return refuse(`Parameter "${name.slice(0, 40)}" is not used by this site's images`)
    if (values.has(name)) return refuse(`Parameter "${name}" is given more than once`)
    values.set(name, value)
  }
  if (values.get('auto') !== 'format') return refuse('Parameter "auto" must be "format"')

  let region: SourceSize = source
  const rectRaw = values.get('rect')
  let rect: number[] | undefined
  if (rectRaw !== undefined) {
    const parts = rectRaw.split(',')
    if (parts.length !== 4 || !parts.every((part) => WHOLE.test(part))) return refuse('Parameter "rect" must be x,y,width,height (whole numbers)')
    rect = parts.map(Number)
    const [x, y, w, h] = rect
    if (w < 1 || h < 1 || x + w > source.width || y + h > source.height) {
      return refuse(`Parameter "rect" must be a non-empty area inside the ${source.width}x${source.height} image`)
    }
    region = { width: w, height: h }
  }

  let width = values.has('w') ? Number(values.get('w')) : undefined
  if (width !== undefined && !(WHOLE.test(values.get('w')!) && SITE_IMAGE_WIDTHS.includes(width))) {
    return refuse(`Parameter "w" must be one of ${SITE_IMAGE_WIDTHS.join(', ')}`)
  }
  let height: number | undefined
  if (values.has('h')) {
    height = Number(values.get('h'))
    if (!WHOLE.test(values.get('h')!) || height < 1) return refuse('Parameter "h" must be a positive whole number')
    if (width === undefined || values.get('fit') !== 'crop') return refuse('Parameter "h" is only used with "w" and fit=crop')
    // The URL builder cuts `rect` (or keeps the whole image) to the w:h shape, in whole source
    // pixels, and the loader rounds h: allow 1 output pixel plus 1 source pixel (scaled) of slack.
    const expectedHeight = (width * region.height) / region.width
    if (Math.abs(height - expectedHeight) > 1 + width / region.width) {
      return refuse(`Parameters "w" and "h" must keep the ${region.width}x${region.height} shape of the image or its rect`)
    }
  } else if (values.has('fit')) {
    return refuse('Parameter "fit" is only used with "h" (fit=crop)')
  }
  const qualityRaw = values.get('q')
  if (qualityRaw !== undefined) {
    if (width === undefined) return refuse('Parameter "q" is only used with "w"')
    if (!WHOLE.test(qualityRaw) || !SITE_IMAGE_QUALITIES.includes(Number(qualityRaw))) {
      return refuse(`Parameter "q" must be one of ${SITE_IMAGE_QUALITIES.join(', ')}`)
    }
  }

  const fitted = fitOutput(region, width, height)
  if (!fitted) return refuse(`The ${region.width}x${region.height} area is too narrow to render within ${MAX_IMAGE_OUTPUT_SIDE} pixels`)
  ;({ width, height } = fitted)

  const canonical: [string, string][] = []
  const wholeImage = rect && rect[0] === 0 && rect[1] === 0 && rect[2] === source.width && rect[3] === source.height
  if (rect && !wholeImage) canonical.push(['rect', rect.join(',')])
  if (width !== undefined) canonical.push(['w', String(width)])
  if (height !== undefined) canonical.push(['h', String(height)], ['fit', 'crop'])
  if (qualityRaw !== undefined && width !== undefined) canonical.push(['q', String(Number(qualityRaw))])
  canonical.push(['auto', 'format'])
  return { ok: true, query: canonical.map(([name, value]) => `${name}=${value}`).join('&') }
}

function outputSize(region: SourceSize, width: number | undefined, height: number | undefined): SourceSize {
  const w = width ?? region.width
  return { width: w, height: height ?? Math.max(1, Math.round((w * region.height) / region.width)) }
}

function fits({ width, height }: SourceSize): boolean {
  return width <= MAX_IMAGE_OUTPUT_SIDE && height <= MAX_IMAGE_OUTPUT_SIDE && width * height <= MAX_IMAGE_OUTPUT_PIXELS
}

/**
 * The requested size, or — when its output would exceed the bounds — the largest allowed width
 * below it that fits (a height scaled with it), else the area at its own size; null when even
 * that does not fit.
 */
function fitOutput(region: SourceSize, width: number | undefined, height: number | undefined): { width?: number; height?: number } | null {
  if (fits(outputSize(region, width, height))) return { width, height }
  const limit = width ?? Number.POSITIVE_INFINITY
  for (const candidate of [...SITE_IMAGE_WIDTHS].reverse()) {
    if (candidate >= limit) continue
    const scaledHeight = height === undefined || width === undefined ? undefined : Math.max(1, Math.round((height * candidate) / width))
    if (fits(outputSize(region, candidate, scaledHeight))) return { width: candidate, height: scaledHeight }
  }
  // Too thin for every width: the area at its own size (it already has the requested shape).
  return fits(region) ? {} : null
}
