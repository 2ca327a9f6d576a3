import type { Metadata } from 'next'
import { getSiteData } from '@/lib/content/site'
import { SectionListing, sectionMetadata } from './section-listing'

type Props = { params: Promise<{ slug: string }> }

/** Re-rendered on publish (cache tags); the hour is a safety net for banners that expire. */
export const revalidate = 3600
export const dynamicParams = true

export async function generateStaticParams(): Promise<{ slug: string }[]> {
  const { settings } = await getSiteData()
  return settings.sections.map((section) => ({ slug: section.href.split('/').pop()! }))
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return sectionMetadata((await params).slug, 1)
}

/** The section's first page: its latest stories (older ones at /sections/<slug>/page/2…). */
export default async function SectionPage({ params }: Props) {
  return SectionListing({ slug: (await params).slug, page: 1 })
}
