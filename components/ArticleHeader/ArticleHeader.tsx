import type { ArticleView } from '@/lib/content/view-models'
import { LocalTime } from '@/components/LocalTime'
import styles from './ArticleHeader.module.css'

type Props = { article: ArticleView; locale: string }

/**
 * Section/kicker label, the page's only `<h1>`, the dek, and the labelled published and
 * "Updated" times (kept consistent with datePublished/dateModified in the structured data).
 */
export function ArticleHeader({ article, locale }: Props) {
  const { section, kicker, headline, dek, publishedAt, updatedAt } = article
  const showKicker = Boolean(kicker && kicker !== section?.title)
  return (
    <header className={styles.header}>
      {(section || showKicker) && (
        <p className={styles.label}>
          {section && (
            <a href={section.href} className={styles.section}>
              {section.title}
            </a>
          )}
          {section && showKicker && (
            <span className={styles.separator} aria-hidden="true">
              {' / '}
            </span>
          )}
          {showKicker && <span className={styles.kicker}>{kicker}</span>}
        </p>
      )}
      <h1 className={styles.headline}>{headline}</h1>
      {dek && <p className={styles.dek}>{dek}</p>}
      <p className={styles.dates}>
        <span className={styles.date}>
          Published <LocalTime iso={publishedAt} locale={locale} />
        </span>
        {updatedAt && (
          <span className={styles.date}>
            Updated <LocalTime iso={updatedAt} locale={locale} />
          </span>
        )}
      </p>
    </header>
  )
}
