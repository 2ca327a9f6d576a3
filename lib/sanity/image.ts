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
  return builder.image(source).auto('format')
}
