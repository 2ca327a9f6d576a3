import { getImageProps } from 'next/image'
import { preload } from 'react-dom'
import type { ImageView } from '@/lib/content/view-models'

type Props = {
  image: ImageView
  sizes: string
  className?: string
  /** The page's main image (LCP): preloaded, loaded eagerly and fetched with high priority. */
  priority?: boolean
}

/**
 * A CMS image as a plain `<img>` rendered on the server: `srcset`/`sizes` from next/image's
 * `getImageProps` (the site's loader and widths), intrinsic width/height reserving its space (no
 * layout shift), alt text from the CMS. No client component, so no JavaScript for readers. The
 * asset's LQIP is not used as a placeholder: the reader CSP allows no `data:` images.
 */
export function SanityImage({ image, sizes, className, priority = false }: Props) {
  const { props } = getImageProps({
    src: image.url,
    width: image.width,
    height: image.height,
    alt: image.alt,
    sizes,
    loading: priority ? 'eager' : 'lazy',
    fetchPriority: priority ? 'high' : undefined,
  })
  if (priority) preload(props.src, { as: 'image', imageSrcSet: props.srcSet, imageSizes: props.sizes, fetchPriority: 'high' })
  // A plain <img> on purpose: next/image's <Image> is a client component (JavaScript on every page).
  // eslint-disable-next-line @next/next/no-img-element, jsx-a11y/alt-text
  return <img {...props} className={className} />
}
