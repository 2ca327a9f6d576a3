import type { Metadata } from 'next'
import { ArchivePeriodPage, archivePeriodMetadata, periodOrNotFound } from '../archive-views'

type Props = { params: Promise<{ year: string }> }

/** Rendered on first request, cached, re-rendered on publish (cache tags). */
export const revalidate = 3600
export const dynamicParams = true

export function generateStaticParams(): { year: string }[] {
  return []
}

const yearOf = async (params: Props['params']) => {
  const { period } = periodOrNotFound([(await params).year])
  return period as Extract<typeof period, { level: 'year' }>
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return archivePeriodMetadata(await yearOf(params))
}

/** /archive/2026: the year's months. */
export default async function ArchiveYearPage({ params }: Props) {
  return ArchivePeriodPage({ period: await yearOf(params) })
}
