import styles from './ArchiveLinks.module.css'

export type ArchiveLinkItem = { label: string; href: string; count: number }

type Props = {
  /** Heading of the list ("Months", "Days", "Years"); its id labels the region. */
  heading: string
  id: string
  links: ArchiveLinkItem[]
  /** "calendar": compact grid of days; "list": one period per line. */
  layout?: 'list' | 'calendar'
}

const stories = (count: number) => `${count} ${count === 1 ? 'story' : 'stories'}`

/**
 * The periods of the date archive one level down: each with stories is a link saying how many;
 * a period without stories is shown but not linked.
 */
export function ArchiveLinks({ heading, id, links, layout = 'list' }: Props) {
  return (
    <section aria-labelledby={id} className={styles.section}>
      <h2 id={id} className={styles.heading}>
        {heading}
      </h2>
      <ul className={layout === 'calendar' ? styles.calendar : styles.list}>
        {links.map((link) => (
          <li key={link.href} className={styles.item}>
            {link.count > 0 ? (
              <a href={link.href} className={styles.link}>
                <span className={styles.label}>{link.label}</span> <span className={styles.count}>{stories(link.count)}</span>
              </a>
            ) : (
              <span className={styles.empty}>
                <span className={styles.label}>{link.label}</span> <span className={styles.count}>no stories</span>
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}
