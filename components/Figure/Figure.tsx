import type { ImageView } from '@/lib/content/view-models'
import { SanityImage } from '@/components/SanityImage'
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
      <SanityImage image={image} className={styles.image} sizes={sizes} priority={priority} />
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
