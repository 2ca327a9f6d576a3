/**
 * The article's metadata, consistent with what the page shows: canonical URL, Open Graph
 * (`article:published_time` / `article:modified_time`, section, tags, the lead image cut to 16:9
 * with its alt text), the Twitter card with the same image, and `<link rel="alternate">` to the
 * lite page and the RSS feed. URLs are absolute only when the site settings are trusted.
 */
import type { Metadata } from 'next'
import type { LeadImageCrops } from '@/lib/content/article-images'
import { FEED_PATH } from '@/lib/content/distribution-documents'
import { firstParagraphText } from '@/lib/content/html'
import { stegaClean } from '@/lib/content/stega'
import type { ArticleView, SiteSettingsView } from '@/lib/content/view-models'
import { liteArticleHref } from '@/lib/routing/article-variants'

export function articleMetadata(view: ArticleView, settings: SiteSettingsView, trusted: boolean, crops: LeadImageCrops | null): Metadata {
  // <head> is never display text: no click-to-edit characters in titles or descriptions (draft mode).
  const article = stegaClean(view)
  const absolute = (path: string) => (trusted ? new URL(path, `${settings.baseUrl}/`).toString() : undefined)
  const description = article.dek ?? firstParagraphText(article.body, 200) ?? undefined
  const canonical = absolute(article.href)
  const lite = absolute(liteArticleHref(article.slug)) ?? liteArticleHref(article.slug)
  const feed = absolute(FEED_PATH) ?? FEED_PATH
  const lead = crops?.['16x9'] ?? article.leadFigure
  const image = lead ? { url: absolute(lead.url) ?? lead.url, width: lead.width, height: lead.height, alt: lead.alt } : null
  return {
    title: article.headline,
    description,
    alternates: {
      ...(canonical ? { canonical } : {}),
      types: { 'text/html': [{ url: lite, title: 'Lite version (text only)' }], 'application/rss+xml': [{ url: feed, title: `${settings.siteName} RSS` }] },
    },
    robots: { index: true, follow: true, 'max-image-preview': 'large' },
    openGraph: {
      type: 'article',
      title: article.headline,
      description,
      url: canonical,
      siteName: settings.siteName,
      locale: settings.language,
      publishedTime: article.publishedAt,
      modifiedTime: article.updatedAt ?? article.publishedAt,
      section: article.section?.title,
      tags: article.tags,
      images: image ? [image] : undefined,
    },
    twitter: {
      card: image ? 'summary_large_image' : 'summary',
      title: article.headline,
      description,
      images: image ? [{ url: image.url, alt: image.alt, width: image.width, height: image.height }] : undefined,
    },
  }
}
