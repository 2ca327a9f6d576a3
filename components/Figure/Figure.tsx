import Image from 'next/image'
import type { ImageView } from '@/lib/content/view-models'
import styles from './Figure.module.css'

type Props = {
  image: ImageView
  /** The page's main image (LCP): preloaded and fetched with high priority. */
  priority?: boolean
  sizes?: string
}

/** Matches the article column: full width on phones, capped at the measure on wider screens. */
export const DEFAULT_FIGURE_SIZES = '(min-width: 48rem) 45rem, 100vw'

/**
 * An image with its caption and credit. width/height reserve the space (no layout shift); the
 * caption and credit carry screen-reader prefixes, as simorgh does ("Image caption, ").
 */
export function Figure({ image, priority = false, sizes = DEFAULT_FIGURE_SIZES }: Props) {
  const hasCaption = Boolean(image.caption || image.credit)
  return (
    <figure className={styles.figure}>
      <Image
        className={styles.image}
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
      {hasCaption && (
        <figcaption className={styles.caption}>
          {image.caption && (
            <span>
              <span className="visually-hidden">Image caption, </span>
              {image.caption}
            </span>
          )}
          {image.caption && image.credit && ' '}
          {image.credit && (
            <span className={styles.credit}>
              <span className="visually-hidden">Image credit: </span>
              {image.credit}
            </span>
          )}
        </figcaption>
      )}
    </figure>
  )
}
