/**
 * The article's lead image cut to the aspect ratios search engines ask for (NewsArticle JSON-LD:
 * 16:9, 4:3 and 1:1; Open Graph / Twitter cards: 16:9), around the editor's hotspot and crop.
 * Cut from the lead figure the article query already returns: no query of its own.
 */
import { cache } from 'react'
import { urlForImage } from '@/lib/sanity/image'
import { getRawLeadFigure } from './article'
import { assetDimensions, figureResult, type FigureResult } from './models/image'
import { parseOrLog } from './parse'

/**
 * Crop widths, largest first: large enough for previews (Google asks ≥ 50,000 pixels), never
 * upscaled, and each one the embedded lake's image host serves as asked (it snaps other widths to
 * its allowed list, lib/lake/image-limits.ts; Sanity's CDN takes any).
 */
const CROP_WIDTHS = [1200, 1080, 828, 750, 640, 384, 256] as const

export const CROP_RATIOS = { '16x9': 16 / 9, '4x3': 4 / 3, '1x1': 1 } as const
export type CropRatio = keyof typeof CROP_RATIOS

export type ImageCrop = { url: string; width: number; height: number; alt: string }
export type LeadImageCrops = Record<CropRatio, ImageCrop>

/** The largest `ratio` rectangle inside the image, at one of CROP_WIDTHS (or smaller for a tiny image). */
export function cropSize(natural: { width: number; height: number }, ratio: number): { width: number; height: number } {
  const fits = Math.min(natural.width, Math.floor(natural.height * ratio))
  const width = CROP_WIDTHS.find((candidate) => candidate <= fits) ?? fits
  return { width, height: Math.round(width / ratio) }
}

export function leadImageCrops(figure: FigureResult): LeadImageCrops {
  const natural = assetDimensions(figure.asset)
  const source = {
    asset: { _id: figure.asset._id },
    ...(figure.crop ? { crop: figure.crop } : {}),
    ...(figure.hotspot ? { hotspot: figure.hotspot } : {}),
  }
  const crop = (ratio: number): ImageCrop => {
    const size = cropSize(natural, ratio)
    return { url: urlForImage(source).width(size.width).height(size.height).fit('crop').url(), ...size, alt: figure.alt }
  }
  return { '16x9': crop(CROP_RATIOS['16x9']), '4x3': crop(CROP_RATIOS['4x3']), '1x1': crop(CROP_RATIOS['1x1']) }
}

/** The article's lead figure as stored (for URLs of other sizes than the page's), or null. */
const getLeadFigure = cache(async (slug: string): Promise<FigureResult | null> => {
  const raw = await getRawLeadFigure(slug)
  if (raw === null || raw === undefined) return null
  return parseOrLog(figureResult, raw, { query: 'leadFigure', id: `slug:${slug}`, path: ['leadFigure'], outcome: 'lead image crops dropped' })
})

/** The lead image's crops (site paths or CDN URLs), or null when the article has no usable lead image. */
export async function getLeadImageCrops(slug: string): Promise<LeadImageCrops | null> {
  const figure = await getLeadFigure(slug)
  return figure ? leadImageCrops(figure) : null
}

/**
 * The lead image, whole, `width` pixels wide (the lite page's small picture), at the image host's
 * default quality: the first-party image route takes only the qualities next/image uses.
 */
export async function getSmallLeadImage(slug: string, width: number): Promise<ImageCrop | null> {
  const figure = await getLeadFigure(slug)
  if (!figure) return null
  const natural = assetDimensions(figure.asset)
  const w = Math.min(width, natural.width)
  const h = Math.round((natural.height * w) / natural.width)
  const source = { asset: { _id: figure.asset._id }, ...(figure.crop ? { crop: figure.crop } : {}), ...(figure.hotspot ? { hotspot: figure.hotspot } : {}) }
  // Width only: the image keeps its aspect ratio (the first-party image route takes `h` only with fit=crop).
  return { url: urlForImage(source).width(w).url(), width: w, height: h, alt: figure.alt }
}
