/**
 * The article for readers in one region some legal notice names (e.g. RU): the same page, with
 * that region's notices too. Prerendered per (slug, region); reached only through the front door (lib/routing/front-door.ts), which
 * rewrites `/articles/<slug>` here for those readers (the URL they see does not change).
 */
import { getNoticeRegionList } from '@/lib/content/notice-region-list'
import { getArticleSlugs } from '@/lib/content/slugs'

export { default, generateMetadata } from '../../page'

/** Static like the article page, re-rendered when its content changes. */
export const revalidate = 3600
export const dynamicParams = true

/** Both segments: a page's own params are not inherited by routes below it (only a layout's are). */
export async function generateStaticParams(): Promise<{ slug: string; region: string }[]> {
  const [slugs, regions] = await Promise.all([getArticleSlugs(), getNoticeRegionList()])
  return slugs.flatMap((slug) => regions.map((region) => ({ slug, region })))
}
