import type { ArticleView, BodyBlock, ImageView } from './view-models'
import { stegaSuffix } from './stega'

/**
 * Draft mode only: the article is validated and mapped from the cleaned query result (zod checks
 * what is stored, not invisible characters), then its display text gets back the click-to-edit
 * information the raw result carried — headline, dek, body text, figure captions and credits —
 * matched by field and `_key`. Nothing else of the view ever carries stega.
 */

type Raw = Record<string, unknown> | null | undefined

const asRecord = (value: unknown): Raw => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null)

function withSuffix<T extends string | null>(text: T, raw: unknown): T {
  const suffix = stegaSuffix(raw)
  return (text && suffix ? `${text}${suffix}` : text) as T
}

function imageWithEditInfo(image: ImageView, raw: unknown): ImageView {
  const r = asRecord(raw)
  return { ...image, caption: withSuffix(image.caption, r?.caption), credit: withSuffix(image.credit, r?.credit) }
}

function byKey(items: unknown): Map<string, Record<string, unknown>> {
  const map = new Map<string, Record<string, unknown>>()
  if (!Array.isArray(items)) return map
  for (const item of items) {
    const r = asRecord(item)
    if (r && typeof r._key === 'string') map.set(r._key, r)
  }
  return map
}

function blockWithEditInfo(block: BodyBlock, raw: Record<string, unknown> | undefined): BodyBlock {
  if (!raw) return block
  if ('image' in block) return { ...block, image: imageWithEditInfo(block.image, raw) }
  if (!Array.isArray(block.children)) return block
  const spans = byKey(raw.children)
  return {
    ...block,
    children: block.children.map((span) => {
      const rawSpan = typeof span._key === 'string' ? spans.get(span._key) : undefined
      return rawSpan && 'text' in span && typeof span.text === 'string' ? { ...span, text: withSuffix(span.text, rawSpan.text) } : span
    }),
  }
}

export function withEditInfo(article: ArticleView, raw: unknown): ArticleView {
  const r = asRecord(raw)
  if (!r) return article
  const blocks = byKey(r.body)
  return {
    ...article,
    headline: withSuffix(article.headline, r.headline),
    dek: withSuffix(article.dek, r.dek),
    leadFigure: article.leadFigure ? imageWithEditInfo(article.leadFigure, r.leadFigure) : null,
    body: article.body.map((block) => blockWithEditInfo(block, typeof block._key === 'string' ? blocks.get(block._key) : undefined)),
  }
}
