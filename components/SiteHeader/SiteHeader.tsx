import type { SectionLink } from '@/lib/content/view-models'
import { SITE_NAVIGATION_ID } from '@/components/SkipLinks'
import styles from './SiteHeader.module.css'

type Props = { siteName: string; sections: SectionLink[] }

/**
 * Masthead (site name linking home — not a heading: the article headline is the page's h1) and
 * the sections navigation, target of the "Skip to navigation" link, then the archive (every story
 * by date) and search. Not sticky, so it can never cover the focused element (WCAG 2.4.11).
 */
export function SiteHeader({ siteName, sections }: Props) {
  return (
    <header className={styles.header}>
      <div className={styles.inner}>
        <a href="/" className={styles.masthead}>
          {siteName}
        </a>
        <nav id={SITE_NAVIGATION_ID} aria-label="Sections" tabIndex={-1} className={styles.nav}>
          {sections.length > 0 && (
            <ul className={styles.sections}>
              {sections.map((section) => (
                <li key={section.href}>
                  <a href={section.href} className={styles.sectionLink}>
                    {section.title}
                  </a>
                </li>
              ))}
            </ul>
          )}
        </nav>
        <ul className={styles.tools} aria-label="Archive and search">
          <li>
            <a href="/archive" className={styles.sectionLink}>
              Archive
            </a>
          </li>
          <li>
            <a href="/search" className={styles.sectionLink}>
              Search
            </a>
          </li>
        </ul>
      </div>
    </header>
  )
}
