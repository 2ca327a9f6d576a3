import { useId } from 'react'
import type { BreakingNewsView } from '@/lib/content/view-models'
import { SafeLink } from '@/components/RichText'
import { isBreakingNewsActive } from './is-breaking-news-active'
import styles from './BreakingNewsBanner.module.css'

type Props = { item: BreakingNewsView | null; now?: Date }

/**
 * A static breaking-news strip (no ticker: WCAG 2.2.2). Renders nothing when there is no item
 * or it is outside its active window.
 */
export function BreakingNewsBanner({ item, now = new Date() }: Props) {
  const labelId = useId()
  if (!item || !isBreakingNewsActive(item, now)) return null
  return (
    <section className={styles.banner} aria-labelledby={labelId}>
      <div className={styles.inner}>
        <p id={labelId} className={styles.label}>
          Breaking News
        </p>
        <p className={styles.headline}>
          {item.href ? <BannerLink href={item.href}>{item.headline}</BannerLink> : item.headline}
        </p>
      </div>
    </section>
  )
}

/** Site paths and other URLs alike go through the safe-URL rule (plain links: ADR 0010). */
function BannerLink({ href, children }: { href: string; children: string }) {
  return <SafeLink href={href}>{children}</SafeLink>
}
