import { useId } from 'react'
import styles from './TagList.module.css'

type Props = { tags: string[] }

/** The article's topics as a plain list (tags have no pages yet); nothing when empty. */
export function TagList({ tags }: Props) {
  const headingId = useId()
  if (tags.length === 0) return null
  return (
    <section className={styles.tags} aria-labelledby={headingId}>
      <h2 id={headingId} className={styles.heading}>
        Topics
      </h2>
      <ul className={styles.list}>
        {tags.map((tag, index) => (
          <li key={`${index}:${tag}`} className={styles.tag}>
            {tag}
          </li>
        ))}
      </ul>
    </section>
  )
}
