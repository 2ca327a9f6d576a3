import type { LeadImageCrops } from '@/lib/content/article-images'
import { stegaClean } from '@/lib/content/stega'
import type { ArticleView, SiteSettingsView } from '@/lib/content/view-models'

/**
 * NewsArticle JSON-LD (Google Search Central "Article" structured data), consistent with the
 * visible dates: datePublished = "Published", dateModified = "Updated" (else the publication).
 * The lead image in 16:9, 4:3 and 1:1 (`crops`), as Google recommends; absolute URLs only.
 */
export function articleJsonLd(view: ArticleView, settings: SiteSettingsView, trusted: boolean, crops: LeadImageCrops | null = null) {
  // Machine-read data: never the invisible click-to-edit characters of draft mode.
  const article = stegaClean(view)
  const absolute = (path: string) => (trusted ? new URL(path, `${settings.baseUrl}/`).toString() : undefined)
  const publisher = {
    '@type': 'NewsMediaOrganization',
    name: settings.publisher.name,
    ...(settings.publisher.url ? { url: settings.publisher.url } : {}),
  }
  const images = crops ? [crops['16x9'], crops['4x3'], crops['1x1']].map((crop) => absolute(crop.url)) : article.leadFigure ? [absolute(article.leadFigure.url)] : []
  const image = images.filter((url): url is string => url !== undefined)
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: article.headline,
    ...(article.dek ? { description: article.dek } : {}),
    ...(image.length ? { image } : {}),
    datePublished: article.publishedAt,
    dateModified: article.updatedAt ?? article.publishedAt,
    ...(absolute(article.href) ? { mainEntityOfPage: absolute(article.href) } : {}),
    ...(article.section ? { articleSection: article.section.title } : {}),
    ...(article.tags.length ? { keywords: article.tags.join(', ') } : {}),
    inLanguage: settings.language,
    author: publisher,
    publisher,
    ...(article.attribution?.agencies.length
      ? {
          sourceOrganization: article.attribution.agencies.map((agency) => ({ '@type': 'NewsMediaOrganization', name: agency.name })),
        }
      : {}),
  }
}

/** JSON for a <script> element: `<` escaped so no content can close the script early. */
export function serializeJsonLd(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')
}
