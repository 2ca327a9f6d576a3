import type { LegalNoticeView, SiteSettingsView } from '@/lib/content/view-models'
import { LegalNotice } from '@/components/LegalNotice'
import { SafeLink } from '@/components/RichText'
import styles from './SiteFooter.module.css'

type Props = { settings: SiteSettingsView; notices: LegalNoticeView[] }

/** Site-wide notices, then the publisher and the © line. */
export function SiteFooter({ settings, notices }: Props) {
  const { publisher } = settings
  const year = new Date().getUTCFullYear()
  return (
    <footer className={styles.footer}>
      <div className={styles.inner}>
        {notices.map((notice) => (
          <LegalNotice key={notice.id} notice={notice} />
        ))}
        {settings.description && <p className={styles.description}>{settings.description}</p>}
        <p className={styles.publisher}>
          Published by{' '}
          {publisher.url ? <SafeLink href={publisher.url}>{publisher.name}</SafeLink> : publisher.name}
        </p>
        <p className={styles.copyright}>
          © {year} {publisher.name}. All rights reserved.
        </p>
      </div>
    </footer>
  )
}
