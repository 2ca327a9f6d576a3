import type { Metadata } from 'next'
import { ArchiveDayPage, archivePeriodMetadata } from '../../../../../archive-views'
import { dayOf, type DayParams } from '../../day-params'

type Props = { params: Promise<Required<DayParams>> }

/** Rendered on first request, cached, re-rendered on publish (cache tags). */
export const revalidate = 3600
export const dynamicParams = true

export function generateStaticParams(): Required<DayParams>[] {
  return []
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { period, page } = await dayOf(params)
  return archivePeriodMetadata(period, page)
}

/** /archive/2026/12/06/page/2: more of the day's stories. */
export default async function ArchiveDayOlderPage({ params }: Props) {
  return ArchiveDayPage(await dayOf(params))
}
