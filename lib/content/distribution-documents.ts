/**
 * The distribution documents as text: sitemap index and sitemaps (sitemaps.org 0.9), Google News sitemap, RSS 2.0
 * with `content:encoded`, robots.txt. Pure functions of what lib/content/distribution.ts read and
 * the site settings; every URL is absolute, from the settings' base URL.
 */
import { attributionHtml, escapeHtml, firstParagraphText, portableTextToHtml } from './html'
import type { NewsSitemapEntry, SitemapEntry } from './distribution'
import type { ArticleView, ImageView, SiteSettingsView } from './view-models'

export const SITEMAP_PATH = '/sitemap.xml'
export const NEWS_SITEMAP_PATH = '/news-sitemap.xml'
export const FEED_PATH = '/feed.xml'

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'

/** Characters XML 1.0 does not allow anywhere (control characters, lone surrogates, U+FFFE/U+FFFF). */
const NOT_XML_CHARACTERS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu

/**
 * A document made of lines, valid XML whatever the content: characters XML cannot hold are left
 * out (the content boundary already removed control characters from display text; this holds for
 * any text that reaches a document).
 */
function xmlDocument(lines: readonly string[]): string {
  return lines.join('\n').replace(NOT_XML_CHARACTERS, '')
}

/** An absolute URL on the site for a path such as `/articles/x`. */
export function absoluteUrl(baseUrl: string, path: string): string {
  return new URL(path, `${baseUrl.replace(/\/+$/, '')}/`).toString()
}

export function sitemapXml(entries: readonly SitemapEntry[], baseUrl: string): string {
  const urls = entries.map((entry) => {
    const lastmod = entry.lastModified ? `<lastmod>${new Date(entry.lastModified).toISOString()}</lastmod>` : ''
    return `<url><loc>${escapeHtml(absoluteUrl(baseUrl, entry.path))}</loc>${lastmod}</url>`
  })
  return xmlDocument([XML_DECLARATION, '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">', ...urls, '</urlset>', ''])
}

/** A sitemap index (sitemaps.org 0.9) listing the child sitemaps at `paths`. */
export function sitemapIndexXml(paths: readonly string[], baseUrl: string): string {
  const children = paths.map((path) => `<sitemap><loc>${escapeHtml(absoluteUrl(baseUrl, path))}</loc></sitemap>`)
  return xmlDocument([XML_DECLARATION, '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">', ...children, '</sitemapindex>', ''])
}

/** Google News sitemap: an empty `<urlset>` is valid when nothing is recent. */
export function newsSitemapXml(entries: readonly NewsSitemapEntry[], settings: Pick<SiteSettingsView, 'baseUrl' | 'siteName' | 'language'>): string {
  const name = escapeHtml(settings.siteName)
  // Google News wants ISO 639 (2–3 letters, or zh-cn / zh-tw).
  const language = /^zh-(cn|tw)$/i.test(settings.language) ? settings.language.toLowerCase() : settings.language.split('-')[0].toLowerCase()
  const urls = entries.map(
    (entry) =>
      `<url><loc>${escapeHtml(absoluteUrl(settings.baseUrl, entry.path))}</loc><news:news><news:publication><news:name>${name}</news:name><news:language>${language}</news:language></news:publication><news:publication_date>${new Date(entry.publishedAt).toISOString()}</news:publication_date><news:title>${escapeHtml(entry.title)}</news:title></news:news></url>`,
  )
  return xmlDocument([
    XML_DECLARATION,
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">',
    ...urls,
    '</urlset>',
    '',
  ])
}

/** Text for a CDATA section: `]]>` split so the content cannot end it early. */
function cdata(text: string): string {
  return `<![CDATA[${text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`
}

function figureHtml(image: ImageView, baseUrl: string): string {
  const caption = [image.caption, image.credit].filter(Boolean).join(' ')
  const src = escapeHtml(absoluteUrl(baseUrl, image.url))
  return `<figure><img src="${src}" width="${image.width}" height="${image.height}" alt="${escapeHtml(image.alt)}">${caption ? `<figcaption>${escapeHtml(caption)}</figcaption>` : ''}</figure>`
}

/** The story as feed readers show it: lead image, body, attribution; links absolute. */
export function articleFeedHtml(article: ArticleView, baseUrl: string, locale: string): string {
  const parts: string[] = []
  if (article.leadFigure) parts.push(figureHtml(article.leadFigure, baseUrl))
  parts.push(portableTextToHtml(article.body, { resolveHref: (href) => absoluteUrl(baseUrl, href), figure: (image) => figureHtml(image, baseUrl) }))
  if (article.attribution) parts.push(`<p><em>${attributionHtml(article.attribution, locale)}</em></p>`)
  return parts.join('\n')
}

/** RFC 822 dates, as RSS 2.0 wants them (`Mon, 02 Mar 2020 10:00:00 GMT`). */
const rfc822 = (iso: string) => new Date(iso).toUTCString()

export function rssXml(articles: readonly ArticleView[], settings: SiteSettingsView, now: Date): string {
  const base = settings.baseUrl
  const items = articles.map((article) => {
    const link = escapeHtml(absoluteUrl(base, article.href))
    const description = article.dek ?? firstParagraphText(article.body) ?? article.headline
    const image = article.leadFigure
    return [
      '<item>',
      `<title>${escapeHtml(article.headline)}</title>`,
      `<link>${link}</link>`,
      `<guid isPermaLink="true">${link}</guid>`,
      `<pubDate>${rfc822(article.publishedAt)}</pubDate>`,
      article.updatedAt ? `<atom:updated>${new Date(article.updatedAt).toISOString()}</atom:updated>` : '',
      `<description>${escapeHtml(description)}</description>`,
      article.section ? `<category>${escapeHtml(article.section.title)}</category>` : '',
      ...article.tags.map((tag) => `<category>${escapeHtml(tag)}</category>`),
      image ? `<media:content url="${escapeHtml(absoluteUrl(base, image.url))}" medium="image" width="${image.width}" height="${image.height}"><media:description>${escapeHtml(image.alt)}</media:description></media:content>` : '',
      `<content:encoded>${cdata(articleFeedHtml(article, base, settings.language))}</content:encoded>`,
      '</item>',
    ]
      .filter(Boolean)
      .join('')
  })
  const newest = articles.reduce<string | null>((acc, a) => {
    const changed = a.updatedAt ?? a.publishedAt
    return acc === null || Date.parse(changed) > Date.parse(acc) ? changed : acc
  }, null)
  return xmlDocument([
    XML_DECLARATION,
    '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">',
    '<channel>',
    `<title>${escapeHtml(settings.siteName)}</title>`,
    `<link>${escapeHtml(absoluteUrl(base, '/'))}</link>`,
    `<description>${escapeHtml(settings.description ?? `Latest stories from ${settings.siteName}`)}</description>`,
    `<language>${escapeHtml(settings.language)}</language>`,
    `<atom:link href="${escapeHtml(absoluteUrl(base, FEED_PATH))}" rel="self" type="application/rss+xml"/>`,
    `<lastBuildDate>${rfc822(newest ?? now.toISOString())}</lastBuildDate>`,
    ...items,
    '</channel>',
    '</rss>',
    '',
  ])
}

export function robotsTxt(baseUrl: string): string {
  return [
    'User-agent: *',
    'Allow: /',
    'Disallow: /api/',
    'Disallow: /studio',
    '',
    `Sitemap: ${absoluteUrl(baseUrl, SITEMAP_PATH)}`,
    `Sitemap: ${absoluteUrl(baseUrl, NEWS_SITEMAP_PATH)}`,
    '',
  ].join('\n')
}
