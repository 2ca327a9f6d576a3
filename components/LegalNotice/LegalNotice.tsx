import { PortableText } from '@portabletext/react'
import type { LegalNoticeView } from '@/lib/content/view-models'
import { SafeLink, richTextComponents } from '@/components/RichText'
import styles from './LegalNotice.module.css'

type Props = { notice: LegalNoticeView }

/**
 * A disclaimer as a labelled region (simorgh-style): body text with the same safe-link rules as
 * the article, then the notice's own link. It shows every notice it is given; which notices a
 * reader gets (everyone's, plus their region's) is decided before, by the page variant the front door (lib/routing/front-door.ts)
 * picks from the reader's region header (lib/content/audience.ts).
 */
export function LegalNotice({ notice }: Props) {
  return (
    // A <section> with an accessible name is a region landmark.
    <section aria-label={notice.title} className={styles.notice}>
      <PortableText value={notice.body} components={richTextComponents} onMissingComponent={false} />
      {notice.link && (
        <p className={styles.link}>
          <SafeLink href={notice.link.url}>{notice.link.label}</SafeLink>
        </p>
      )}
    </section>
  )
}
