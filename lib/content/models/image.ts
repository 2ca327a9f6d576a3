import { z } from 'zod'
import { TEXT_LIMITS } from '../../content-rules'
import { optionalDisplayText, optionalText, requiredDisplayText, requiredText } from './primitives'

/**
 * Images: the stored `figure` (an image with alt, caption, credit, hotspot) in both forms it takes
 * — `asset._ref` in the lake, `_sanityAsset` in an export file — and the figure as our queries
 * project it (asset dereferenced for its dimensions and placeholder).
 */

/** `image-<sha1>-<w>x<h>-<ext>`, the id of an image asset. */
export const IMAGE_ASSET_ID = /^image-([A-Za-z0-9]+)-(\d+)x(\d+)-([a-z0-9]+)$/

/** `image@file://./images/x.png` and the like, as written by `sanity dataset export`. */
export const SANITY_ASSET_IMPORT = /^image@([a-z]+:\/\/.+)$/

export const imageAssetId = z.string().regex(IMAGE_ASSET_ID, { error: 'expected an image asset id (image-<hash>-<w>x<h>-<ext>)' })

export const hotspot = z.object({
  _type: z.literal('sanity.imageHotspot').optional(),
  x: z.number().min(0).max(1),
  y: z.number().min(0).max(1),
  height: z.number().min(0).max(1),
  width: z.number().min(0).max(1),
})

export const crop = z.object({
  _type: z.literal('sanity.imageCrop').optional(),
  top: z.number().min(0).max(1),
  bottom: z.number().min(0).max(1),
  left: z.number().min(0).max(1),
  right: z.number().min(0).max(1),
})

/** The figure's alt text, by the shared rule (`TEXT_LIMITS.figure.alt`); parsed, it comes out trimmed. */
const alt = requiredText(TEXT_LIMITS.figure.alt, 'alt text').overwrite((value) => value.trim())

const storedFigureShape = z.object({
    _type: z.literal('figure').optional(),
    asset: z.object({ _type: z.literal('reference').optional(), _ref: imageAssetId }).optional(),
    _sanityAsset: z.string().regex(SANITY_ASSET_IMPORT, { error: 'expected image@<url>' }).optional(),
    alt,
    caption: optionalText(TEXT_LIMITS.figure.caption).optional(),
    credit: optionalText(TEXT_LIMITS.figure.credit).optional(),
    hotspot: hotspot.optional(),
    crop: crop.optional(),
})

function requireAsset(figure: { asset?: unknown; _sanityAsset?: unknown }, ctx: z.RefinementCtx) {
  if (!figure.asset && !figure._sanityAsset) {
    ctx.addIssue({ code: 'custom', path: ['asset'], message: 'an image is required (asset._ref or _sanityAsset)' })
  }
}

/** A figure as stored: the asset as a reference (lake) or as `_sanityAsset` (export file). */
export const storedFigure = storedFigureShape.superRefine(requireAsset)

/** An inline figure inside a stored `body`. */
export const storedBodyFigure = storedFigureShape
  .extend({ _type: z.literal('figure'), _key: z.string().min(1, { error: 'expected a non-empty _key' }) })
  .superRefine(requireAsset)

// ---------------------------------------------------------------------------------------------
// Query side

/**
 * GROQ projection of a figure. Used inside `defineQuery` template strings, so it must stay a
 * plain string constant (typegen resolves it).
 */
export const FIGURE_PROJECTION = `alt, caption, credit, hotspot{x, y, height, width}, crop{top, bottom, left, right}, asset->{_id, metadata{dimensions{width, height}}}`

/** A figure as `FIGURE_PROJECTION` returns it. The asset must have been imported (no `_sanityAsset`). */
export const figureResult = z.object({
  alt: requiredDisplayText(TEXT_LIMITS.figure.alt, 'alt text', { missingMessage: true }).refine((value) => value.length >= (TEXT_LIMITS.figure.alt.min ?? 0), {
    error: `alt text needs at least ${TEXT_LIMITS.figure.alt.min} characters`,
  }),
  caption: optionalDisplayText(TEXT_LIMITS.figure.caption),
  credit: optionalDisplayText(TEXT_LIMITS.figure.credit),
  hotspot: hotspot.nullable(),
  crop: crop.nullable(),
  asset: z.object(
    {
      _id: imageAssetId,
      metadata: z
        .object({
          dimensions: z.object({ width: z.number().int().positive(), height: z.number().int().positive() }).nullable(),
        })
        .nullable(),
    },
    { error: (issue) => (issue.input === null || issue.input === undefined ? 'the image asset is missing (not imported?)' : undefined) },
  ),
})
export type FigureResult = z.infer<typeof figureResult>

/** Width and height of an asset: from its metadata, else from its id (`…-1600x900-png`). */
export function assetDimensions(asset: FigureResult['asset']): { width: number; height: number } {
  const dims = asset.metadata?.dimensions
  if (dims) return dims
  const match = IMAGE_ASSET_ID.exec(asset._id)
  return { width: Number(match?.[2] ?? 0), height: Number(match?.[3] ?? 0) }
}
