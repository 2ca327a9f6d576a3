import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { ArticleBody } from '@/components/ArticleBody'
import { ArticleHeader } from '@/components/ArticleHeader'
import { AttributionLine } from '@/components/AttributionLine'
import { BreakingNewsBanner } from '@/components/BreakingNewsBanner'
import { CorrectionsLog } from '@/components/CorrectionsLog'
import { DraftProblems } from '@/components/DraftProblems'
import { Figure } from '@/components/Figure'
import { LegalNotice } from '@/components/LegalNotice'
import { RelatedStories } from '@/components/RelatedStories'
import { TagList } from '@/components/TagList'
import { TextSizeControl } from '@/components/TextSizeControl'
import { getArticleBySlug, getArticleDraftProblems } from '@/lib/content/article'
import { getLeadImageCrops } from '@/lib/content/article-images'
import { EVERYONE, isAudience, noticesFor } from '@/lib/content/audience'
import { getBreakingNews } from '@/lib/content/breaking'
import { getSiteData } from '@/lib/content/site'
import { getArticleSlugs } from '@/lib/content/slugs'
import { liteArticleHref } from '@/lib/routing/article-variants'
import { articleMetadata } from './metadata'
import { articleJsonLd, serializeJsonLd } from './structured-data'

/** `region`: set on the region variant (region/[region]/page.tsx), which the front door rewrites to. */
type Props = { params: Promise<{ slug: string; region?: string }> }

/** Pages are static and re-rendered when their content changes (cache tags, see lib/content/tags.ts). */
export const revalidate = 3600
/** Slugs published after the build render on their first request. */
export const dynamicParams = true

export async function generateStaticParams(): Promise<{ slug: string }[]> {
  const slugs = await getArticleSlugs()
  return slugs.map((slug) => ({ slug }))
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params
  const [article, { settings, trusted }] = await Promise.all([getArticleBySlug(slug), getSiteData()])
  if (!article && (await getArticleDraftProblems(slug)).length > 0) return { title: 'Draft problems', robots: { index: false, follow: false } }
  if (!article) notFound()
  return articleMetadata(article, settings, trusted, await getLeadImageCrops(slug))
}

export default async function ArticlePage({ params }: Props) {
  const { slug, region } = await params
  const now = new Date()
  const [article, { settings, trusted }, breaking, draftProblems] = await Promise.all([getArticleBySlug(slug), getSiteData(), getBreakingNews(now), getArticleDraftProblems(slug)])
  // Draft mode only (readers always get an empty list): show the editor what is wrong instead of a 404.
  if (!article && draftProblems.length > 0) {
    return (
      <div className="container article">
        <DraftProblems problems={draftProblems} blocking />
      </div>
    )
  }
  if (!article) notFound()
  const locale = settings.language
  const crops = await getLeadImageCrops(slug)
  // Everyone's notices, plus the region's on its variant (see lib/content/audience.ts).
  const notices = noticesFor(article.legalNotices, isAudience(region) ? region : EVERYONE)
  const topNotices = notices.filter((notice) => notice.placement === 'articleTop')
  const footerNotices = notices.filter((notice) => notice.placement === 'articleFooter')
  return (
    <>
      <BreakingNewsBanner item={breaking} now={now} />
      <article className="container article">
        <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: serializeJsonLd(articleJsonLd(article, settings, trusted, crops)) }} />
        <DraftProblems problems={draftProblems} blocking={false} />
        <ArticleHeader article={article} locale={locale} />
        <TextSizeControl />
        <p className="lite-link">
          <a href={liteArticleHref(article.slug)}>Lite version: text only, for slow connections</a>
        </p>
        {topNotices.map((notice) => (
          <LegalNotice key={notice.id} notice={notice} />
        ))}
        {article.leadFigure && <Figure image={article.leadFigure} priority />}
        <ArticleBody value={article.body} />
        {article.attribution && <AttributionLine attribution={article.attribution} locale={locale} />}
        {article.corrections.length > 0 && <CorrectionsLog corrections={article.corrections} locale={locale} />}
        {footerNotices.map((notice) => (
          <LegalNotice key={notice.id} notice={notice} />
        ))}
        {article.related.length > 0 && <RelatedStories items={article.related} locale={locale} />}
        {article.tags.length > 0 && <TagList tags={article.tags} />}
        <p className="print-only">
          This story: {trusted ? new URL(article.href, `${settings.baseUrl}/`).toString() : article.href}
        </p>
      </article>
    </>
  )
}
