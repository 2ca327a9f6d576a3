import { z } from 'zod'
import { arrayKey, safeHref } from './primitives'
import { storedFigure } from './image'

/**
 * Portable Text as the schemas allow it: `body` (paragraphs, h2/h3, quotes, bullet/number lists,
 * strong/em, link annotations, inline figures) and `simpleText` (normal paragraphs with links).
 * The same block model serves stored documents and query results: queries return blocks as stored.
 */

export const BODY_STYLES = ['normal', 'h2', 'h3', 'blockquote'] as const
export const LIST_TYPES = ['bullet', 'number'] as const
export const DECORATORS = ['strong', 'em'] as const

export const span = z.object({
  _type: z.literal('span'),
  _key: arrayKey,
  text: z.string({ error: 'span text must be a string' }),
  marks: z.array(z.string()).optional(),
})

export const linkMarkDef = z.object({
  _type: z.literal('link', { error: 'unknown annotation type (only "link" is allowed)' }),
  _key: arrayKey,
  href: safeHref,
})

type BlockShape = { markDefs?: { _key: string }[] | null; children: { marks?: string[] }[] }

/** Every mark on a span is a known decorator or the key of one of the block's markDefs. */
function checkMarks(block: BlockShape, ctx: z.RefinementCtx) {
  const keys = new Set((block.markDefs ?? []).map((def) => def._key))
  block.children.forEach((child, childIndex) => {
    ;(child.marks ?? []).forEach((mark, markIndex) => {
      if (!(DECORATORS as readonly string[]).includes(mark) && !keys.has(mark)) {
        ctx.addIssue({
          code: 'custom',
          path: ['children', childIndex, 'marks', markIndex],
          message: `unknown mark "${mark}" (not a decorator nor a markDefs key)`,
        })
      }
    })
  })
}

function blockModel(styles: readonly [string, ...string[]], lists: readonly string[]) {
  return z
    .object({
      _type: z.literal('block'),
      _key: arrayKey,
      style: z.enum(styles, { error: `style must be one of ${styles.join(', ')}` }).optional(),
      listItem: lists.length
        ? z.enum(lists as [string, ...string[]], { error: `listItem must be one of ${lists.join(', ')}` }).optional()
        : z.undefined({ error: 'lists are not allowed here' }),
      level: z.number().int().min(1).max(10).optional(),
      markDefs: z.array(linkMarkDef).optional(),
      children: z.array(span).min(1, { error: 'a block needs at least one span' }),
    })
    .superRefine(checkMarks)
}

export const bodyTextBlock = blockModel(BODY_STYLES, LIST_TYPES)
export const simpleTextBlock = blockModel(['normal'], [])

export const storedBodyFigure = storedFigure.and(z.object({ _type: z.literal('figure'), _key: arrayKey }))

const unknownBlockType = (allowed: string) => (issue: { input?: unknown; code?: string }) => {
  const type = (issue.input as { _type?: unknown } | undefined)?._type
  return issue.code === 'invalid_union' ? `unknown block type ${JSON.stringify(type)} (allowed: ${allowed})` : undefined
}

/** One member of a stored `body`. */
export const storedBodyMember = z.discriminatedUnion('_type', [bodyTextBlock, storedBodyFigure as never], {
  error: unknownBlockType('block, figure'),
})

export const storedBody = z.array(storedBodyMember).min(1, { error: 'the body needs at least one block' })

export const simpleText = z.array(
  z.discriminatedUnion('_type', [simpleTextBlock], { error: unknownBlockType('block') }),
)

/** Projection that returns text blocks as stored (used by queries that render simpleText). */
export const TEXT_BLOCK_PROJECTION = `_type, _key, style, listItem, level, markDefs[]{_type, _key, href}, children[]{_type, _key, text, marks}`
