import type { ArticleCardView } from '@/lib/content/view-models'
import { LocalTime } from '@/components/LocalTime'
import { SanityImage } from '@/components/SanityImage'
import styles from './ArticleCard.module.css'

type Props = {
  article: ArticleCardView
  locale: string
  variant?: 'lead' | 'standard'
  /** The page's first image (LCP): loaded eagerly, preloaded, high fetch priority. Others are lazy. */
  priority?: boolean
}

const THUMBNAIL_SIZES = {
  lead: '(min-width: 64rem) 40rem, 100vw',
  standard: '(min-width: 40rem) 14rem, 100vw',
} as const

/**
 * A story in a list. The headline link comes first in the DOM (screen readers meet the headline
 * before anything else); the thumbnail is shown above it with CSS only. The image keeps its CMS
 * alt text.
 */
export function ArticleCard({ article, locale, variant = 'standard', priority = false }: Props) {
  const Heading = variant === 'lead' ? 'h2' : 'h3'
  const { thumbnail } = article
  return (
    <article className={`${styles.card} ${variant === 'lead' ? styles.lead : styles.standard}`}>
      <div className={styles.text}>
        {article.kicker && <p className={styles.kicker}>{article.kicker}</p>}
        <Heading className={styles.headline}>
          <a href={article.href} className={styles.link}>
            {article.headline}
          </a>
        </Heading>
        {article.dek && <p className={styles.dek}>{article.dek}</p>}
        <p className={styles.date}>
          {/* A list shows the latest time, labelled when it is an update (dates must say what they are). */}
          {article.updatedAt ? 'Updated ' : null}
          <LocalTime iso={article.updatedAt ?? article.publishedAt} locale={locale} />
        </p>
      </div>
      {thumbnail && (
        <div className={styles.media}>
          <SanityImage image={thumbnail} className={styles.image} sizes={THUMBNAIL_SIZES[variant]} priority={priority} />
        </div>
      )}
    </article>
  )
}
