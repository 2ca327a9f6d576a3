import Image from 'next/image'
import type { ImageView } from '@/lib/content/view-models'

type Props = {
  image: ImageView
  sizes: string
  className?: string
  /** The page's main image (LCP): preloaded and fetched with high priority. */
  priority?: boolean
}

/**
 * A CMS image through next/image: intrinsic width/height reserve its space (no layout shift),
 * alt text from the CMS, the blurred LQIP as placeholder when the asset has one.
 */
export function SanityImage({ image, sizes, className, priority = false }: Props) {
  return (
    <Image
      className={className}
      src={image.url}
      width={image.width}
      height={image.height}
      alt={image.alt}
      sizes={sizes}
      preload={priority}
      fetchPriority={priority ? 'high' : undefined}
      placeholder={image.lqip ? 'blur' : 'empty'}
      blurDataURL={image.lqip ?? undefined}
    />
  )
}
