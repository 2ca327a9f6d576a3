import styles from './Breadcrumbs.module.css'

type Props = { crumbs: { label: string; href: string }[] }

/** Where the page sits: links to the pages above it (Archive › 2026 › December 2026). */
export function Breadcrumbs({ crumbs }: Props) {
  if (crumbs.length === 0) return null
  return (
    <nav aria-label="Breadcrumb" className={styles.breadcrumbs}>
      <ol className={styles.list}>
        {crumbs.map((crumb) => (
          <li key={crumb.href} className={styles.item}>
            <a href={crumb.href}>{crumb.label}</a>
          </li>
        ))}
      </ol>
    </nav>
  )
}
