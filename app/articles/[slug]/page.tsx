import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { ArticleBody } from '@/components/ArticleBody'
import { ArticleHeader } from '@/components/ArticleHeader'
import { AttributionLine } from '@/components/AttributionLine'
import { BreakingNewsBanner } from '@/components/BreakingNewsBanner'
import { CorrectionsLog } from '@/components/CorrectionsLog'
import { Figure } from '@/components/Figure'
import { LegalNotice } from '@/components/LegalNotice'
import { RelatedStories } from '@/components/RelatedStories'
import { TagList } from '@/components/TagList'
import { TextSizeControl } from '@/components/TextSizeControl'
import { getArticleBySlug } from '@/lib/content/article'
import { getBreakingNews } from '@/lib/content/breaking'
import { getSiteData } from '@/lib/content/site'
import { getArticleSlugs } from '@/lib/content/slugs'
import { articleJsonLd, serializeJsonLd } from './structured-data'

type Props = { params: Promise<{ slug: string }> }

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
  if (!article) notFound()
  const description = article.dek ?? undefined
  const canonical = trusted ? new URL(article.href, `${settings.baseUrl}/`).toString() : undefined
  const image = article.leadFigure
  return {
    title: article.headline,
    description,
    alternates: canonical ? { canonical } : undefined,
    robots: { index: true, follow: true, 'max-image-preview': 'large' },
    openGraph: {
      type: 'article',
      title: article.headline,
      description,
      url: canonical,
      siteName: settings.siteName,
      publishedTime: article.publishedAt,
      modifiedTime: article.updatedAt ?? undefined,
      section: article.section?.title,
      tags: article.tags,
      images: image ? [{ url: image.url, width: image.width, height: image.height, alt: image.alt }] : undefined,
    },
    twitter: { card: image ? 'summary_large_image' : 'summary', title: article.headline, description },
  }
}

export default async function ArticlePage({ params }: Props) {
  const { slug } = await params
  const now = new Date()
  const [article, { settings, trusted }, breaking] = await Promise.all([getArticleBySlug(slug), getSiteData(), getBreakingNews(now)])
  if (!article) notFound()
  const locale = settings.language
  const topNotices = article.legalNotices.filter((notice) => notice.placement === 'articleTop')
  const footerNotices = article.legalNotices.filter((notice) => notice.placement === 'articleFooter')
  return (
    <>
      <BreakingNewsBanner item={breaking} now={now} />
      <article className="container article">
        <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: serializeJsonLd(articleJsonLd(article, settings, trusted)) }} />
        <ArticleHeader article={article} locale={locale} />
        <TextSizeControl />
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
      </article>
    </>
  )
}
