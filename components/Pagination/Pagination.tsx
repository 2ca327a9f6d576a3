import styles from './Pagination.module.css'

type Props = {
  /** Names the navigation landmark, e.g. "Pages of Middle East". */
  label: string
  previous: string | null
  next: string | null
  page: number
  /** Shown as "Page 2 of 5" when known. */
  pageCount?: number
  previousText?: string
  nextText?: string
}

/**
 * Links to the neighbouring pages of a list, plain `<a>` so they work without JavaScript, each with
 * `rel`; the same relations as `<link rel="prev|next">` elements, which React places in the
 * document's `<head>` for crawlers. Nothing when the list has one page.
 */
export function Pagination({ label, previous, next, page, pageCount, previousText = 'Newer stories', nextText = 'Older stories' }: Props) {
  if (!previous && !next) return null
  return (
    <nav aria-label={label} className={styles.pagination}>
      {previous && <link rel="prev" href={previous} />}
      {next && <link rel="next" href={next} />}
      <ul className={styles.links}>
        <li className={styles.previous}>
          {previous && (
            <a href={previous} rel="prev" className={styles.link}>
              <span aria-hidden="true">←</span>
              {previousText}
            </a>
          )}
        </li>
        <li className={styles.position}>
          {pageCount ? `Page ${page} of ${pageCount}` : `Page ${page}`}
        </li>
        <li className={styles.next}>
          {next && (
            <a href={next} rel="next" className={styles.link}>
              {nextText}
              <span aria-hidden="true">→</span>
            </a>
          )}
        </li>
      </ul>
    </nav>
  )
}
