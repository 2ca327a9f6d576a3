import type { ArticleCardView } from '@/lib/content/view-models'
import { ArticleCard } from '@/components/ArticleCard'
import styles from './StoryList.module.css'

type Props = {
  stories: ArticleCardView[]
  locale: string
  /** The first story as the lead card (a list's first page); otherwise all cards are alike. */
  leadFirst?: boolean
}

/** A list of story cards, each linking to its article (section pages, archive days). */
export function StoryList({ stories, locale, leadFirst = false }: Props) {
  return (
    <ul className={styles.stories}>
      {stories.map((story, index) => (
        <li key={story.id}>
          <ArticleCard article={story} locale={locale} variant={leadFirst && index === 0 ? 'lead' : 'standard'} priority={index === 0} />
        </li>
      ))}
    </ul>
  )
}
