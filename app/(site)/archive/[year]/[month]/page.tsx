import type { Metadata } from 'next'
import { ArchivePeriodPage, archivePeriodMetadata, periodOrNotFound } from '../../archive-views'

type Props = { params: Promise<{ year: string; month: string }> }

/** Rendered on first request, cached, re-rendered on publish (cache tags). */
export const revalidate = 3600
export const dynamicParams = true

export function generateStaticParams(): { year: string; month: string }[] {
  return []
}

const monthOf = async (params: Props['params']) => {
  const { year, month } = await params
  const { period } = periodOrNotFound([year, month])
  return period as Extract<typeof period, { level: 'month' }>
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return archivePeriodMetadata(await monthOf(params))
}

/** /archive/2026/12: the month's days. */
export default async function ArchiveMonthPage({ params }: Props) {
  return ArchivePeriodPage({ period: await monthOf(params) })
}
