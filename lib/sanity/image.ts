import { createImageUrlBuilder, type SanityImageSource } from '@sanity/image-url'
import { readSanityEnv } from './env'

/** Path under which the site serves the embedded lake's images first-party (see app/media). */
export const LAKE_MEDIA_BASE = '/media'

/**
 * Image URLs from image references. With the embedded lake they stay on our own origin
 * (`/media/images/...`, proxied to the lake); with a real project they go to Sanity's image CDN.
 */
export function urlForImage(source: SanityImageSource) {
  const env = readSanityEnv()
  const builder = createImageUrlBuilder({
    projectId: env.projectId,
    dataset: env.dataset,
    ...(env.backend === 'lake' ? { baseUrl: LAKE_MEDIA_BASE } : {}),
  })
  return builder.image(withUsableCrop(source)).auto('format')
}

type Crop = { top: number; bottom: number; left: number; right: number }
const ASSET_SIZE = /-(\d+)x(\d+)-[a-z0-9]+$/

/**
 * The source without its editor crop when the crop leaves less than 2 pixels either way: image-url
 * rounds the crop to whole pixels and would ask for an empty `rect` (e.g. an 8-pixel-wide image
 * cropped to 1 pixel), which the image service refuses. The whole image is the better fallback.
 */
function withUsableCrop(source: SanityImageSource): SanityImageSource {
  if (typeof source !== 'object' || source === null || !('crop' in source) || !source.crop) return source
  const crop = source.crop as Partial<Crop>
  const asset = (source as { asset?: { _id?: unknown; _ref?: unknown } }).asset
  const size = ASSET_SIZE.exec(String(asset?._id ?? asset?._ref ?? ''))
  if (!size) return source
  const [width, height] = [Number(size[1]), Number(size[2])]
  const keptWidth = (1 - (crop.left ?? 0) - (crop.right ?? 0)) * width
  const keptHeight = (1 - (crop.top ?? 0) - (crop.bottom ?? 0)) * height
  if (keptWidth >= 2 && keptHeight >= 2) return source
  const { crop: _dropped, ...whole } = source as { crop?: unknown }
  return whole as SanityImageSource
}
