/**
 * The lite article page as one HTML string (BBC `.lite` style, for slow, metered or filtered
 * connections): no JavaScript at all, its only CSS inline (style attributes), one small image, the same story,
 * notices, attribution and corrections as the full page. Built with escaping string helpers
 * because Route Handlers run where react-dom/server is unavailable.
 */
import { formatDateTime } from '@/components/LocalTime'
import { attributionHtml, escapeHtml, firstParagraphText, portableTextToHtml } from '@/lib/content/html'
import type { ArticleView, ImageView, LegalNoticeView, SiteSettingsView } from '@/lib/content/view-models'

/** Small enough to keep the whole page (HTML + CSS + image, compressed) well under 30 KB; a width next/image also uses. */
export const LITE_IMAGE_WIDTH = 256
export const LITE_IMAGE_WIDTH_2X = 640

/**
 * The only CSS, inline as `style` attributes: the site's Content-Security-Policy allows inline
 * style attributes (`style-src-attr`) but no `<style>` element, and attributes need no extra
 * request. System fonts, a readable measure, contrast ≥ 4.5:1; the browser's own focus ring.
 */
const STYLES = {
  body: 'margin:0 auto;max-width:40rem;padding:1rem;font:1.0625rem/1.6 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#fff',
  header: 'font-size:.9375rem;border-bottom:1px solid #767676;padding-bottom:.5rem',
  footer: 'font-size:.9375rem;border-top:1px solid #767676;margin-top:2rem;padding-top:.5rem',
  h1: 'font-size:1.75rem;line-height:1.25;margin:.75rem 0',
  muted: 'color:#545454;font-size:.9375rem',
  dek: 'font-size:1.1875rem',
  figure: 'margin:1rem 0',
  img: 'display:block;max-width:100%;height:auto;background:#ddd',
  notice: 'border-left:4px solid #767676;padding:.25rem 0 .25rem 1rem;margin:1.5rem 0',
  hidden: 'position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap',
} as const

const style = (name: keyof typeof STYLES) => ` style="${escapeHtml(STYLES[name])}"`

/** The image at 1x and 2x (high-density phones): each a width the first-party image route serves. */
export type LiteImage = ImageView & { url2x: string | null }

export type LitePageInput = {
  article: ArticleView
  settings: SiteSettingsView
  notices: LegalNoticeView[]
  /** The small lead image (already resized), or null. */
  image: LiteImage | null
  /** The full article's absolute URL (canonical), or its path when the settings are not trusted. */
  canonicalUrl: string
}

function noticeHtml(notice: LegalNoticeView): string {
  const link = notice.link ? `<p><a href="${escapeHtml(notice.link.url)}">${escapeHtml(notice.link.label)}</a></p>` : ''
  return `<section${style('notice')} aria-label="${escapeHtml(notice.title)}">${portableTextToHtml(notice.body)}${link}</section>`
}

function timeHtml(label: string, iso: string, locale: string): string {
  return `${label} <time datetime="${escapeHtml(iso)}">${escapeHtml(formatDateTime(iso, locale, 'UTC'))}</time>`
}

function figureHtml(image: LiteImage): string {
  const caption = [
    image.caption ? `<span${style('hidden')}>Image caption, </span>${escapeHtml(image.caption)}` : '',
    image.credit ? `<span${style('hidden')}>Image credit: </span>${escapeHtml(image.credit)}` : '',
  ].filter(Boolean)
  return `<figure${style('figure')}><img src="${escapeHtml(image.url)}"${image.url2x ? ` srcset="${escapeHtml(image.url)} 1x, ${escapeHtml(image.url2x)} 2x"` : ''} width="${image.width}" height="${image.height}" alt="${escapeHtml(image.alt)}"${style('img')} fetchpriority="high">${caption.length ? `<figcaption${style('muted')}>${caption.join(' ')}</figcaption>` : ''}</figure>`
}

export function litePageHtml({ article, settings, notices, image, canonicalUrl }: LitePageInput): string {
  const fullUrl = article.href
  const description = article.dek ?? firstParagraphText(article.body, 200)
  const locale = settings.language
  const top = notices.filter((notice) => notice.placement === 'articleTop').map(noticeHtml)
  const footer = notices.filter((notice) => notice.placement === 'articleFooter').map(noticeHtml)
  const dates = [timeHtml('Published', article.publishedAt, locale), article.updatedAt ? timeHtml('Updated', article.updatedAt, locale) : ''].filter(Boolean).join(' · ')
  const corrections = article.corrections.length
    ? `<section aria-labelledby="corrections"><h2 id="corrections">Corrections</h2><ul>${article.corrections
        .map((c) => `<li>${timeHtml(c.type === 'correction' ? 'Correction,' : 'Clarification,', c.date, locale)}: ${escapeHtml(c.text)}</li>`)
        .join('')}</ul></section>`
    : ''
  const kicker = article.kicker ?? article.section?.title
  const title = `${article.headline} (lite) | ${settings.siteName}`
  return [
    '<!DOCTYPE html>',
    `<html lang="${escapeHtml(locale)}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    description ? `<meta name="description" content="${escapeHtml(description)}">` : '',
    `<link rel="canonical" href="${escapeHtml(canonicalUrl)}">`,
    // The site's icon (app/icon.svg), so the browser does not ask for a missing /favicon.ico.
    '<link rel="icon" href="/icon.svg" type="image/svg+xml">',
    '</head>',
    `<body${style('body')}>`,
    `<header${style('header')}><a href="/">${escapeHtml(settings.siteName)}</a> · Lite version · <a href="${escapeHtml(fullUrl)}">Full version of this story</a></header>`,
    '<main>',
    '<article>',
    kicker ? `<p${style('muted')}>${escapeHtml(kicker)}</p>` : '',
    `<h1${style('h1')}>${escapeHtml(article.headline)}</h1>`,
    article.dek ? `<p${style('dek')}>${escapeHtml(article.dek)}</p>` : '',
    `<p${style('muted')}>${dates}</p>`,
    ...top,
    image ? figureHtml(image) : '',
    portableTextToHtml(article.body),
    article.attribution ? `<p>${attributionHtml(article.attribution, locale)}</p>` : '',
    corrections,
    ...footer,
    '</article>',
    '</main>',
    `<footer${style('footer')}><p><a href="${escapeHtml(fullUrl)}">Full version of this story</a> · <a href="/">${escapeHtml(settings.siteName)} home</a></p></footer>`,
    '</body>',
    '</html>',
    '',
  ]
    .filter(Boolean)
    .join('\n')
}
