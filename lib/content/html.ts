/**
 * Plain HTML strings for what is not rendered by React: the RSS feed's `content:encoded` and the
 * lite article page (a Route Handler, where react-dom/server is unavailable). Every text and
 * attribute value goes through `escapeHtml`; links keep the same safe-href rule as the pages.
 */
import type { PortableTextBlock } from '@portabletext/react'
import { safeHref } from '@/lib/content-rules/safe-href'
import { supportedLocale } from '@/lib/content-rules/locale'
import type { AttributionView, BodyBlock, ImageView } from './view-models'

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Text or an attribute value, safe inside HTML and XML. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char])
}

export type HtmlOptions = {
  /** Makes a relative link absolute (the feed), or leaves it (the lite page). */
  resolveHref?: (href: string) => string
  /** HTML for an inline figure; default: none. */
  figure?: (image: ImageView) => string
}

type Span = { _type?: string; text?: string; marks?: string[] }
type MarkDef = { _key: string; _type: string; href?: unknown }

function spanHtml(span: Span, markDefs: MarkDef[], options: HtmlOptions): string {
  let html = escapeHtml(span.text ?? '')
  for (const mark of span.marks ?? []) {
    if (mark === 'strong' || mark === 'em') {
      html = `<${mark}>${html}</${mark}>`
      continue
    }
    const def = markDefs.find((candidate) => candidate._key === mark)
    const href = def?._type === 'link' ? safeHref(def.href) : null
    if (href) html = `<a href="${escapeHtml(options.resolveHref ? options.resolveHref(href) : href)}">${html}</a>`
  }
  return html
}

function inlineHtml(block: PortableTextBlock, options: HtmlOptions): string {
  const markDefs = (block.markDefs ?? []) as MarkDef[]
  return (block.children as Span[]).map((span) => spanHtml(span, markDefs, options)).join('')
}

const BLOCK_TAGS: Record<string, string> = { h2: 'h2', h3: 'h3', blockquote: 'blockquote' }

/**
 * Portable Text as HTML: paragraphs, h2/h3, quotes, bullet and numbered lists (one level, as the
 * schema allows), strong/em and safe links. Unknown styles become paragraphs, as on the page.
 */
export function portableTextToHtml(blocks: readonly BodyBlock[], options: HtmlOptions = {}): string {
  const out: string[] = []
  let openList: 'ul' | 'ol' | null = null
  const closeList = () => {
    if (openList) out.push(`</${openList}>`)
    openList = null
  }
  for (const block of blocks) {
    if (block._type === 'figure') {
      closeList()
      const figure = options.figure?.((block as { image: ImageView }).image)
      if (figure) out.push(figure)
      continue
    }
    const text = block as PortableTextBlock
    const inner = inlineHtml(text, options)
    if (text.listItem) {
      const tag = text.listItem === 'number' ? 'ol' : 'ul'
      if (openList !== tag) {
        closeList()
        out.push(`<${tag}>`)
        openList = tag
      }
      out.push(`<li>${inner}</li>`)
      continue
    }
    closeList()
    const tag = BLOCK_TAGS[text.style ?? 'normal'] ?? 'p'
    out.push(`<${tag}>${inner}</${tag}>`)
  }
  closeList()
  return out.join('\n')
}

/**
 * "Based on reporting by Reuters, AFP, and TASS", as the article's AttributionLine words it:
 * short names joined by Intl.ListFormat in the site locale, each with its full name in an
 * `<abbr>` when they differ; free text after the list (or instead of it). Inline HTML.
 */
export function attributionHtml(attribution: AttributionView, locale: string): string {
  const { label, agencies, text } = attribution
  if (agencies.length === 0) return text ? escapeHtml(text) : ''
  const format = new Intl.ListFormat(supportedLocale(locale), { style: 'long', type: 'conjunction' })
  let index = 0
  const list = format
    .formatToParts(agencies.map((agency) => agency.shortName))
    .map((part) => {
      if (part.type === 'literal') return escapeHtml(part.value)
      const agency = agencies[index++]
      return agency.shortName === agency.name ? escapeHtml(agency.shortName) : `<abbr title="${escapeHtml(agency.name)}">${escapeHtml(agency.shortName)}</abbr>`
    })
    .join('')
  return `${label ? `${escapeHtml(label)} ` : ''}${list}${text ? ` ${escapeHtml(text)}` : ''}`
}

/** The first paragraph's text (for a story without a dek: descriptions in metadata and feeds), or null. */
export function firstParagraphText(body: readonly BodyBlock[], maxLength = Infinity): string | null {
  for (const block of body) {
    if (block._type !== 'block') continue
    const text = ((block as { children?: { text?: string }[] }).children ?? []).map((span) => span.text ?? '').join('').trim()
    if (text) return text.length > maxLength ? `${text.slice(0, maxLength - 1).trimEnd()}…` : text
  }
  return null
}
