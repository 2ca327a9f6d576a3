'use client'
/**
 * Shown only in draft mode: says plainly that the page shows draft content, and offers a way out
 * that returns to the same page as readers see it.
 */
import { usePathname } from 'next/navigation'
import styles from './PreviewBanner.module.css'

export const DRAFT_MODE_DISABLE_PATH = '/api/draft-mode/disable'

export function PreviewBanner() {
  const pathname = usePathname() ?? '/'
  const exit = `${DRAFT_MODE_DISABLE_PATH}?redirect=${encodeURIComponent(pathname)}`
  return (
    <aside className={styles.banner} aria-label="Preview">
      <p className={styles.text}>
        <strong>Preview — draft content.</strong> Readers do not see this version until it is published.
      </p>
      <a className={styles.exit} href={exit}>
        Exit preview
      </a>
    </aside>
  )
}
