/**
 * Shown only in draft mode: says plainly that the page shows draft content, and offers a way out
 * that returns to the same page as readers see it (the disable route reads the page from the
 * Referer). A server component: no JavaScript of its own.
 */
import styles from './PreviewBanner.module.css'

export const DRAFT_MODE_DISABLE_PATH = '/api/draft-mode/disable'

export function PreviewBanner() {
  return (
    <aside className={styles.banner} aria-label="Preview">
      <p className={styles.text}>
        <strong>Preview — draft content.</strong> Readers do not see this version until it is published.
      </p>
      <a className={styles.exit} href={DRAFT_MODE_DISABLE_PATH}>
        Exit preview
      </a>
    </aside>
  )
}
