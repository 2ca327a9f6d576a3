/**
 * Canonical crops: the `rect`s an anonymous reader may ask for. A site builds them with
 * `@sanity/image-url` from the `crop` and `hotspot` an editor stored on an image reference (for
 * the requested size's aspect ratio, or for no size); any other rect is a fresh render per
 * request that no page ever shows, so anonymous requests get only these (within a pixel or two
 * of rounding: the loader rescales the height with every width). Authenticated callers (Studio
 * previews) may ask for any rect.
 */

import { createImageUrlBuilder } from '@sanity/image-url'
import type { LakeDatabase } from './sqlite'

type Rect = [number, number, number, number]
type ImageUse = { crop?: unknown; hotspot?: unknown }

/** Published documents looked at per request (an asset used more often is checked against these). */
const MAX_REFERRERS = 50
/** Pixels each rect value may differ by (image-url rounds, and the loader rescales the height). */
const TOLERANCE_PX = 2

const builder = createImageUrlBuilder({ projectId: 'lake', dataset: 'lake' })

/** Whether `rect` is one a site builds from a crop/hotspot stored on a published use of the asset. */
export function isCanonicalRect(db: LakeDatabase, assetId: string, rect: Rect, size: { w?: number; h?: number }): boolean {
  for (const use of publishedUses(db, assetId)) {
    for (const candidate of rectsOf(assetId, use, size)) {
      if (candidate.every((value, i) => Math.abs(value - rect[i]) <= TOLERANCE_PX)) return true
    }
  }
  return false
}

/** The image objects (`{asset: {_ref}, crop?, hotspot?}`) of published documents that use the asset. */
function publishedUses(db: LakeDatabase, assetId: string): ImageUse[] {
  const uses: ImageUse[] = []
  for (const row of db.getRows(db.assetReferrers(assetId, MAX_REFERRERS))) {
    const stack: unknown[] = [JSON.parse(row.body)]
    while (stack.length > 0) {
      const value = stack.pop()
      if (typeof value !== 'object' || value === null) continue
      if (Array.isArray(value)) {
        stack.push(...value)
        continue
      }
      const object = value as Record<string, unknown>
      // With or without a stored crop/hotspot: image-url also cuts a centred rect for another aspect ratio.
      if ((object.asset as { _ref?: unknown } | undefined)?._ref === assetId) uses.push(object)
      for (const child of Object.values(object)) if (typeof child === 'object' && child !== null) stack.push(child)
    }
  }
  return uses
}

/** The rects image-url builds for this use: at the requested size's aspect ratio and with no size. */
function rectsOf(assetId: string, use: ImageUse, size: { w?: number; h?: number }): Rect[] {
  const source = { asset: { _ref: assetId }, crop: use.crop, hotspot: use.hotspot } as Parameters<typeof builder.image>[0]
  const urls: string[] = []
  try {
    urls.push(builder.image(source).url())
    if (size.w && size.h) urls.push(builder.image(source).width(size.w).height(size.h).url())
  } catch {
    return [] // a malformed stored crop allows nothing
  }
  const rects: Rect[] = []
  for (const url of urls) {
    const raw = new URL(url).searchParams.get('rect')
    const numbers = raw?.split(',').map(Number)
    if (numbers?.length === 4 && numbers.every(Number.isFinite)) rects.push(numbers as Rect)
  }
  return rects
}
