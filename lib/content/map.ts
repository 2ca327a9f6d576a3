import type { PortableTextBlock } from '@portabletext/react'
import { urlForImage } from '@/lib/sanity/image'
import type { ArticleCardView, BodyBlock, ImageView, LegalNoticeView } from './view-models'
import { articleCardCore } from './models/article-card'
import { assetDimensions, figureResult, type FigureResult } from './models/image'
import type { LegalNoticeResult } from './models/legal-notice'
import { linkMarkDef, type BodyMemberResult, type BodyTextBlockResult, type SimpleTextBlockResult } from './models/portable-text'
import { idOf, logContentProblem, parseOrLog, type Where } from './parse'
import { formatPath } from './models/primitives'

/** Mapping parsed query results into the view models components take. */

export const articleHref = (slug: string) => `/articles/${slug}`
export const sectionHref = (slug: string) => `/sections/${slug}`

/** Image source for @sanity/image-url: the asset id plus the editor's crop and hotspot. */
function imageSource(figure: FigureResult) {
  return {
    asset: { _id: figure.asset._id },
    ...(figure.crop ? { crop: figure.crop } : {}),
    ...(figure.hotspot ? { hotspot: figure.hotspot } : {}),
  }
}

/**
 * A figure as rendered. Without `crop`, the picture keeps its own aspect ratio; with `crop`
 * (e.g. 16:9 thumbnails) it is cut around the editor's hotspot.
 */
export function toImageView(figure: FigureResult, crop?: { width: number; height: number }): ImageView {
  const natural = assetDimensions(figure.asset)
  const builder = urlForImage(imageSource(figure))
  const size = crop ?? natural
  const url = crop ? builder.width(crop.width).height(crop.height).fit('crop').url() : builder.url()
  return {
    url,
    width: size.width,
    height: size.height,
    alt: figure.alt,
    caption: figure.caption?.trim() || null,
    credit: figure.credit?.trim() || null,
  }
}

/** Parses an optional figure; a broken one is logged and dropped. */
export function optionalImage(value: unknown, where: Where, crop?: { width: number; height: number }): ImageView | null {
  if (value === null || value === undefined) return null
  const figure = parseOrLog(figureResult, value, where)
  return figure ? toImageView(figure, crop) : null
}

/**
 * Removes link annotations whose href is unsafe (the words stay, unlinked) — logged.
 * Works on the raw value so the block model can then be strict.
 */
export function dropUnsafeLinks(block: unknown, where: Where): unknown {
  if (typeof block !== 'object' || block === null) return block
  const { markDefs, children } = block as { markDefs?: unknown; children?: unknown }
  if (!Array.isArray(markDefs)) return block
  const bad = new Set<string>()
  const kept = markDefs.filter((def, index) => {
    const result = linkMarkDef.safeParse(def)
    if (result.success) return true
    const key = (def as { _key?: unknown } | null)?._key
    if (typeof key === 'string') bad.add(key)
    logContentProblem({ ...where, outcome: 'link removed, text kept' }, result.error.issues.map((issue) => ({
      path: formatPath([...(where.path ?? []), 'markDefs', index, ...issue.path]),
      message: issue.message.replace(/^Invalid input: /, ''),
    })))
    return false
  })
  if (kept.length === markDefs.length) return block
  const cleanChildren = Array.isArray(children)
    ? children.map((child) => {
        const marks = (child as { marks?: unknown } | null)?.marks
        return Array.isArray(marks) ? { ...child, marks: marks.filter((mark) => !bad.has(mark as string)) } : child
      })
    : children
  return { ...block, markDefs: kept, children: cleanChildren }
}

/** A text block as @portabletext/react wants it (no nulls). */
export function toTextBlock(block: BodyTextBlockResult | SimpleTextBlockResult): PortableTextBlock {
  return {
    _type: 'block',
    _key: block._key,
    style: block.style ?? 'normal',
    ...(block.listItem ? { listItem: block.listItem, level: block.level ?? 1 } : {}),
    markDefs: (block.markDefs ?? []).map((def) => ({ _type: def._type, _key: def._key, href: def.href })),
    children: block.children.map((span) => ({ _type: 'span', _key: span._key, text: span.text, marks: span.marks ?? [] })),
  }
}

export function toBodyBlock(member: BodyMemberResult): BodyBlock {
  if (member._type === 'figure') return { _type: 'figure', _key: member._key, image: toImageView(member) }
  return toTextBlock(member)
}

export function toLegalNoticeView(notice: LegalNoticeResult): LegalNoticeView {
  return {
    id: notice._id,
    title: notice.title,
    body: notice.body.map(toTextBlock),
    link: notice.link,
    regions: notice.audience.scope === 'regions' && notice.audience.regions?.length ? notice.audience.regions : null,
    placement: notice.placement,
  }
}

/** Thumbnails are cut to 16:9 around the hotspot. */
export const THUMBNAIL_SIZE = { width: 640, height: 360 }

/** Story cards: a broken card is dropped, a broken thumbnail only loses the picture. */
export function parseCards(items: unknown, where: Where): ArticleCardView[] {
  if (items === null || items === undefined) return []
  const base = where.path ?? []
  if (!Array.isArray(items)) {
    logContentProblem(where, [{ path: formatPath(base), message: 'expected an array' }])
    return []
  }
  const cards: ArticleCardView[] = []
  items.forEach((item, index) => {
    const card = parseOrLog(articleCardCore, item, { ...where, path: [...base, index], outcome: `story dropped: ${idOf(item)}` })
    if (card) cards.push(toCardView(card, { ...where, path: [...base, index, 'thumbnail'] }))
  })
  return cards
}

function toCardView(card: ReturnType<typeof articleCardCore.parse>, where: Where): ArticleCardView {
  return {
    id: card._id,
    href: articleHref(card.slug),
    headline: card.headline,
    dek: card.dek?.trim() || null,
    kicker: card.kicker?.trim() || null,
    publishedAt: card.publishedAt,
    updatedAt: card.updatedAt,
    thumbnail: optionalImage(card.thumbnail, { ...where, outcome: 'thumbnail dropped' }, THUMBNAIL_SIZE),
  }
}

