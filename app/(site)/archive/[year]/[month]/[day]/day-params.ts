import type { ArchivePeriod } from '@/lib/content/archive-dates'
import { periodOrNotFound } from '../../../archive-views'

export type DayParams = { year: string; month: string; day: string; page?: string }

/** The day (and page) a day route's segments name, or a 404. */
export async function dayOf(params: Promise<DayParams>): Promise<{ period: Extract<ArchivePeriod, { level: 'day' }>; page: number }> {
  const { year, month, day, page } = await params
  const { period, page: number } = periodOrNotFound(page === undefined ? [year, month, day] : [year, month, day, 'page', page])
  return { period: period as Extract<ArchivePeriod, { level: 'day' }>, page: number }
}
