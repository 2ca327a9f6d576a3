'use client'

import { useEffect, useState } from 'react'
import { formatDateTime } from './format-date-time'

type Props = {
  /** ISO 8601 instant; stays the `dateTime` attribute whatever the display. */
  iso: string
  /** Site locale used for the server render (and the first client render). */
  locale: string
  className?: string
}

type ReaderFormat = { text: string; lang: string }

/**
 * A `<time>` that renders in the site locale and UTC on the server, then — after hydration —
 * re-formats to the reader's language and time zone. The first client render matches the server
 * HTML exactly, so there is no hydration mismatch.
 */
export function LocalTime({ iso, locale, className }: Props) {
  const [reader, setReader] = useState<ReaderFormat | null>(null)

  useEffect(() => {
    const lang = navigator.language || locale
    const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
    setReader({ text: formatDateTime(iso, lang, timeZone), lang })
  }, [iso, locale])

  const text = reader?.text ?? formatDateTime(iso, locale, 'UTC')
  // Mark the language of the part when the reader's language differs from the page's (WCAG 3.1.2).
  const lang = reader && reader.lang !== locale ? reader.lang : undefined
  return (
    <time dateTime={iso} className={className} lang={lang}>
      {text}
    </time>
  )
}
