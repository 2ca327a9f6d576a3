import { Fragment } from 'react'
import type { AgencyView, AttributionView } from '@/lib/content/view-models'
import { supportedLocale } from '@/lib/content-rules/locale'
import styles from './AttributionLine.module.css'

type Props = { attribution: AttributionView; locale: string }

/**
 * "Based on reporting by Reuters, AFP, and TASS": the agencies' short names joined by
 * Intl.ListFormat in the site locale (so the Oxford comma follows the locale's rules), each in an
 * `<abbr>` carrying the full name when it differs. Free text follows the list, or replaces it.
 */
export function AttributionLine({ attribution, locale }: Props) {
  const { label, agencies, text } = attribution
  if (agencies.length === 0) {
    return text ? <p className={styles.attribution}>{text}</p> : null
  }
  return (
    <p className={styles.attribution}>
      {label && `${label} `}
      <AgencyList agencies={agencies} locale={locale} />
      {text && ` ${text}`}
    </p>
  )
}

function AgencyList({ agencies, locale }: { agencies: AgencyView[]; locale: string }) {
  const format = new Intl.ListFormat(supportedLocale(locale), { style: 'long', type: 'conjunction' })
  const parts = format.formatToParts(agencies.map((agency) => agency.shortName))
  let index = 0
  return (
    <>
      {parts.map((part, position) => {
        if (part.type === 'literal') return <Fragment key={`literal-${position}`}>{part.value}</Fragment>
        const agency = agencies[index++]
        return <AgencyName key={`agency-${position}`} agency={agency} />
      })}
    </>
  )
}

function AgencyName({ agency }: { agency: AgencyView }) {
  if (agency.shortName === agency.name) return <>{agency.shortName}</>
  return <abbr title={agency.name}>{agency.shortName}</abbr>
}
