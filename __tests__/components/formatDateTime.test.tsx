import { formatDateTime } from '@/components/LocalTime'

describe('formatDateTime', () => {
  it('formats long date, short time and the zone name in UTC', () => {
    expect(formatDateTime('2020-03-02T14:00:00Z', 'en-US', 'UTC')).toBe('March 2, 2020 at 2:00 PM UTC')
  })

  it('converts to the given time zone and names it', () => {
    expect(formatDateTime('2020-03-02T14:00:00Z', 'en-GB', 'Europe/Moscow')).toBe(
      '2 March 2020 at 17:00 GMT+3',
    )
  })

  it('formats in the given locale', () => {
    expect(formatDateTime('2020-03-02T14:00:00Z', 'de-DE', 'UTC')).toBe('2. März 2020 um 14:00 UTC')
  })

  it('honours an offset in the ISO string', () => {
    expect(formatDateTime('2020-03-02T17:00:00+03:00', 'en-US', 'UTC')).toBe('March 2, 2020 at 2:00 PM UTC')
  })

  it('returns the raw string for an unparseable date', () => {
    expect(formatDateTime('not a date', 'en-US', 'UTC')).toBe('not a date')
  })

  it('falls back to English and UTC for an invalid locale or time zone', () => {
    expect(formatDateTime('2020-03-02T14:00:00Z', 'not a locale', 'Nowhere/Nothing')).toBe(
      'March 2, 2020 at 2:00 PM UTC',
    )
  })
})
