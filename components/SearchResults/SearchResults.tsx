import type { SearchResultView } from '@/lib/content/view-models'
import { LocalTime } from '@/components/LocalTime'
import { MarkedText } from '@/components/MarkedText'
import styles from './SearchResults.module.css'

type Props = { results: SearchResultView[]; locale: string }

/**
 * Search results, best first: each story's headline (a link, its matched words marked), its date,
 * and a snippet of its text around the first match.
 */
export function SearchResults({ results, locale }: Props) {
  return (
    <ol className={styles.results}>
      {results.map(({ card, headline, snippet }) => (
        <li key={card.id} className={styles.result}>
          <article>
            <h2 className={styles.headline}>
              <a href={card.href}>
                <MarkedText parts={headline} />
              </a>
            </h2>
            <p className={styles.date}>
              <LocalTime iso={card.publishedAt} locale={locale} />
            </p>
            {snippet.length > 0 && (
              <p className={styles.snippet}>
                <MarkedText parts={snippet} />
              </p>
            )}
          </article>
        </li>
      ))}
    </ol>
  )
}
