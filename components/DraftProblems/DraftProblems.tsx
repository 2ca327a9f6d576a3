/**
 * Draft mode only: what is wrong with the draft, one line per field (its path and the problem),
 * so the editor can fix it. `blocking` — the page cannot be shown at all (readers would get
 * "Page not found"); otherwise the listed parts are left out of the page readers see.
 */
import { useId } from 'react'
import styles from './DraftProblems.module.css'

type DraftProblem = { path: string; message: string }

type Props = { problems: DraftProblem[]; blocking: boolean }

export function DraftProblems({ problems, blocking }: Props) {
  const headingId = useId()
  if (problems.length === 0) return null
  return (
    <section className={blocking ? `${styles.panel} ${styles.blocking}` : styles.panel} aria-labelledby={headingId}>
      <h2 id={headingId} className={styles.heading}>
        {blocking ? 'This draft cannot be shown to readers' : 'Readers will not see every part of this draft'}
      </h2>
      <p className={styles.lead}>
        {blocking
          ? 'Published as it is, this story would answer “Page not found”. Fix these fields in the Studio:'
          : 'These parts are left out of the page until they are fixed in the Studio:'}
      </p>
      <ul className={styles.list}>
        {problems.map((problem, index) => (
          <li key={`${problem.path}-${index}`} className={styles.item}>
            <code className={styles.path}>{problem.path}</code> <span>{problem.message}</span>
          </li>
        ))}
      </ul>
    </section>
  )
}
