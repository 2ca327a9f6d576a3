import type { Metadata } from 'next'
import { ArchiveDayPage, archivePeriodMetadata } from '../../../archive-views'
import { dayOf, type DayParams } from './day-params'

type Props = { params: Promise<DayParams> }

/** Rendered on first request, cached, re-rendered on publish (cache tags). */
export const revalidate = 3600
export const dynamicParams = true

export function generateStaticParams(): DayParams[] {
  return []
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { period } = await dayOf(params)
  return archivePeriodMetadata(period)
}

/** /archive/2026/12/06: the day's stories, newest first. */
export default async function ArchiveDayRoute({ params }: Props) {
  return ArchiveDayPage(await dayOf(params))
}
