import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { parsePageNumber } from '@/lib/content/pagination'
import { SectionListing, sectionMetadata } from '../../section-listing'

type Props = { params: Promise<{ slug: string; page: string }> }

/** Each page is rendered on its first request, cached, and re-rendered on publish (cache tags). */
export const revalidate = 3600
export const dynamicParams = true

export function generateStaticParams(): { slug: string; page: string }[] {
  return []
}

/** Page 1 is /sections/<slug> itself (the front door redirects /page/1 there). */
async function pageOf(params: Props['params']): Promise<{ slug: string; page: number }> {
  const { slug, page: raw } = await params
  const page = parsePageNumber(raw)
  if (page === null || page < 2) notFound()
  return { slug, page }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, page } = await pageOf(params)
  return sectionMetadata(slug, page)
}

/** An older page of a section's stories. */
export default async function SectionOlderPage({ params }: Props) {
  return SectionListing(await pageOf(params))
}
