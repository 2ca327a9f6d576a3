import { z } from 'zod'
import { BODY_STYLES, DECORATORS, LIST_TYPES, SIMPLE_TEXT_STYLES, cleanDisplayText } from '../../content-rules'
import { arrayKey, safeHref } from './primitives'
import { FIGURE_PROJECTION, figureResult, storedBodyFigure } from './image'

/**
 * Portable Text as the schemas allow it: `body` (paragraphs, h2/h3, quotes, bullet/number lists,
 * strong/em, link annotations, inline figures) and `simpleText` (normal paragraphs with links).
 * Two flavours of each block: as stored (absent fields are absent) and as a query returns it
 * (absent fields come back as null).
 */

type BlockShape = {
  markDefs?: { _key: string }[] | null
  children: { marks?: string[] | null }[]
}

/** Every mark on a span is a known decorator or the key of one of the block's markDefs. */
function checkMarks(block: BlockShape, ctx: z.RefinementCtx) {
  const keys = new Set((block.markDefs ?? []).map((def) => def._key))
  block.children.forEach((child, childIndex) => {
    ;(child.marks ?? []).forEach((mark, markIndex) => {
      if (!(DECORATORS as readonly string[]).includes(mark) && !keys.has(mark)) {
        ctx.addIssue({
          code: 'custom',
          path: ['children', childIndex, 'marks', markIndex],
          message: `unknown mark "${mark}" (neither a decorator nor a markDefs key)`,
        })
      }
    })
  })
}

const linkMarkDef = z.object({
  _type: z.literal('link', { error: 'unknown annotation type (only "link" is allowed)' }),
  _key: arrayKey,
  href: safeHref,
})

const style = <S extends readonly [string, ...string[]]>(styles: S) =>
  z.enum(styles, { error: `style must be one of ${styles.join(', ')}` })
const listItem = z.enum(LIST_TYPES, { error: `listItem must be one of ${LIST_TYPES.join(', ')}` })
const level = z.number().int().min(1).max(10)

// --- Stored -------------------------------------------------------------------------------------

const storedSpan = z.object({
  _type: z.literal('span'),
  _key: arrayKey,
  text: z.string({ error: 'span text must be a string' }),
  marks: z.array(z.string()).optional(),
})

const storedBlockBase = z.object({
  _type: z.literal('block'),
  _key: arrayKey,
  markDefs: z.array(linkMarkDef).optional(),
  children: z.array(storedSpan).min(1, { error: 'a block needs at least one span' }),
})

export const storedBodyTextBlock = storedBlockBase
  .extend({ style: style(BODY_STYLES).optional(), listItem: listItem.optional(), level: level.optional() })
  .superRefine(checkMarks)

export const storedSimpleTextBlock = storedBlockBase
  .extend({ style: style(SIMPLE_TEXT_STYLES).optional(), listItem: z.undefined({ error: 'lists are not allowed here' }).optional() })
  .superRefine(checkMarks)

function unknownType(allowed: string) {
  return (issue: { input?: unknown; code?: string }) => {
    if (issue.code !== 'invalid_union') return undefined
    const type = (issue.input as { _type?: unknown } | undefined)?._type
    return `unknown block type ${JSON.stringify(type)} (allowed: ${allowed})`
  }
}

/** One member of a stored `body`: a text block or an inline figure. */
export const storedBodyMember = z.discriminatedUnion('_type', [storedBodyTextBlock, storedBodyFigure], {
  error: unknownType('block, figure'),
})

export const storedBody = z.array(storedBodyMember).min(1, { error: 'the body needs at least one block' })

export const storedSimpleText = z
  .array(z.discriminatedUnion('_type', [storedSimpleTextBlock], { error: unknownType('block') }))
  .min(1, { error: 'the text needs at least one block' })

// --- Query results --------------------------------------------------------------------------------

/** Projection of a text block: every field a renderer needs, nothing else. */
export const TEXT_BLOCK_PROJECTION = `_type, _key, style, listItem, level, markDefs[]{_type, _key, href}, children[]{_type, _key, text, marks}`

/**
 * Projection of a `body`: text blocks and inline figures. Any other member comes back as
 * `{_type, _key}` only, fails `bodyMemberResult` as an unknown type, and is dropped.
 */
export const BODY_PROJECTION = `_type, _key, _type == "block" => {${TEXT_BLOCK_PROJECTION}}, _type == "figure" => {${FIGURE_PROJECTION}}`

const resultSpan = z.object({
  _type: z.literal('span'),
  _key: arrayKey,
  text: z.string({ error: 'span text must be a string' }).transform((text) => cleanDisplayText(text, { multiline: true })),
  marks: z.array(z.string()).nullable(),
})

/** `markDefs` are parsed one by one by the mapper (an unsafe link loses its link, not its text). */
const resultBlockBase = z.object({
  _type: z.literal('block'),
  _key: arrayKey,
  markDefs: z.array(linkMarkDef).nullable(),
  children: z.array(resultSpan).min(1, { error: 'a block needs at least one span' }),
})

export const bodyTextBlockResult = resultBlockBase
  .extend({ style: style(BODY_STYLES).nullable(), listItem: listItem.nullable(), level: level.nullable() })
  .superRefine(checkMarks)
export type BodyTextBlockResult = z.infer<typeof bodyTextBlockResult>

export const simpleTextBlockResult = resultBlockBase
  .extend({ style: style(SIMPLE_TEXT_STYLES).nullable(), listItem: z.null({ error: 'lists are not allowed here' }), level: z.null() })
  .superRefine(checkMarks)
export type SimpleTextBlockResult = z.infer<typeof simpleTextBlockResult>

export const bodyFigureResult = figureResult.extend({ _type: z.literal('figure'), _key: arrayKey })

export const bodyMemberResult = z.discriminatedUnion('_type', [bodyTextBlockResult, bodyFigureResult], {
  error: unknownType('block, figure'),
})
export type BodyMemberResult = z.infer<typeof bodyMemberResult>

export { linkMarkDef }
