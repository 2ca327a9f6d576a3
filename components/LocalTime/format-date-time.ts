import { supportedLocale } from '@/lib/content-rules/locale'

/**
 * Formats an ISO 8601 instant for display: long date, short time and the time zone's name,
 * e.g. "March 2, 2020 at 2:00 PM UTC". Pure: same input, same output, on server and client.
 *
 * `dateStyle` cannot be combined with `timeZoneName` in Intl, so the zone name comes from a
 * second formatter. Invalid input never throws: an unparseable date returns the raw string,
 * an unknown locale falls back to "en" and an unknown time zone to UTC.
 */
export function formatDateTime(iso: string, locale: string, timeZone: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  const safeLocale = supportedLocale(locale)
  const safeZone = supportedTimeZone(timeZone)
  const dateTime = new Intl.DateTimeFormat(safeLocale, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: safeZone,
  }).format(date)
  const zoneName = new Intl.DateTimeFormat(safeLocale, { timeZone: safeZone, timeZoneName: 'short' })
    .formatToParts(date)
    .find((part) => part.type === 'timeZoneName')?.value
  return zoneName ? `${dateTime} ${zoneName}` : dateTime
}

function supportedTimeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone })
    return timeZone
  } catch {
    return 'UTC'
  }
}
