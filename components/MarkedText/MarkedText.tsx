import type { TextPart } from '@/lib/content/view-models'
import styles from './MarkedText.module.css'

/** Text whose matched words are marked (`<mark>`): the words a search found. Plain text only. */
export function MarkedText({ parts }: { parts: TextPart[] }) {
  return (
    <>
      {parts.map((part, index) =>
        part.match ? (
          <mark key={index} className={styles.mark}>
            {part.text}
          </mark>
        ) : (
          part.text
        ),
      )}
    </>
  )
}
