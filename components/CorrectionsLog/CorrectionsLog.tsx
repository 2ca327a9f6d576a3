import { useId } from 'react'
import type { CorrectionView } from '@/lib/content/view-models'
import { LocalTime } from '@/components/LocalTime'
import styles from './CorrectionsLog.module.css'

type Props = { corrections: CorrectionView[]; locale: string }

const TYPE_LABELS: Record<CorrectionView['type'], string> = {
  correction: 'Correction',
  clarification: 'Clarification',
}

/** The article's corrections and clarifications, oldest first as given; nothing when empty. */
export function CorrectionsLog({ corrections, locale }: Props) {
  const headingId = useId()
  if (corrections.length === 0) return null
  return (
    <section className={styles.log} aria-labelledby={headingId}>
      <h2 id={headingId} className={styles.heading}>
        Corrections and clarifications
      </h2>
      <ol className={styles.list}>
        {corrections.map((correction) => (
          <li key={correction.key} className={styles.item}>
            <p className={styles.meta}>
              <strong className={styles.type}>{TYPE_LABELS[correction.type]}</strong>{' '}
              <LocalTime iso={correction.date} locale={locale} />
            </p>
            <p className={styles.text}>{correction.text}</p>
          </li>
        ))}
      </ol>
    </section>
  )
}
