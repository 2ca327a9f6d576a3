import { useId } from 'react'
import type { ArticleCardView } from '@/lib/content/view-models'
import { ArticleCard } from '@/components/ArticleCard'
import styles from './RelatedStories.module.css'

type Props = { items: ArticleCardView[]; locale: string }

/** "Related stories": a labelled section of standard cards (h3 under this h2); nothing when empty. */
export function RelatedStories({ items, locale }: Props) {
  const headingId = useId()
  if (items.length === 0) return null
  return (
    <section className={styles.related} aria-labelledby={headingId}>
      <h2 id={headingId} className={styles.heading}>
        Related stories
      </h2>
      <ul className={styles.list}>
        {items.map((item) => (
          <li key={item.id} className={styles.item}>
            <ArticleCard article={item} locale={locale} variant="standard" />
          </li>
        ))}
      </ul>
    </section>
  )
}
