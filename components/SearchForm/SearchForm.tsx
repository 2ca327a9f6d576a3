import styles from './SearchForm.module.css'

type Props = {
  /** Where the form is sent (GET). */
  action: string
  /** Longest search text accepted, and most words. */
  maxChars: number
  maxWords: number
  /** The reader's search text, shown again in the box. */
  text?: string
  /** Problem with the text (shown under the box and announced with it). */
  error?: string | null
}

const HINT_ID = 'search-hint'
const ERROR_ID = 'search-error'

/**
 * The search form: a plain GET form to /search, so it works without JavaScript and every search
 * has its own URL. The box keeps the reader's text; a problem with it is tied to the box.
 */
export function SearchForm({ action, maxChars, maxWords, text = '', error = null }: Props) {
  const describedBy = error ? `${HINT_ID} ${ERROR_ID}` : HINT_ID
  return (
    <form role="search" method="get" action={action} className={styles.form} aria-label="Search stories">
      <label htmlFor="search-text" className={styles.label}>
        Search stories
      </label>
      <div className={styles.row}>
        <input
          id="search-text"
          name="q"
          type="search"
          defaultValue={text}
          maxLength={maxChars}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
          className={styles.input}
          autoComplete="off"
          spellCheck={false}
        />
        <button type="submit" className={styles.button}>
          Search
        </button>
      </div>
      <p id={HINT_ID} className={styles.hint}>
        Whole words, in the headline or the text; up to {maxWords} words.
      </p>
      {error && (
        <p id={ERROR_ID} className={styles.error} role="alert">
          {error}
        </p>
      )}
    </form>
  )
}
