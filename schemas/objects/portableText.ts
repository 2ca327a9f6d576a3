import { defineArrayMember, defineType, type ValidationError } from 'sanity'
import { ANNOTATION_TYPES, BODY_STYLES, DECORATORS, LIST_TYPES, SIMPLE_TEXT_STYLES } from '../../lib/content-rules'

const STYLE_TITLES: Record<(typeof BODY_STYLES)[number], string> = {
  normal: 'Normal',
  h2: 'Heading 2',
  h3: 'Heading 3',
  blockquote: 'Quote',
}
const LIST_TITLES: Record<(typeof LIST_TYPES)[number], string> = { bullet: 'Bullet', number: 'Numbered' }
const DECORATOR_TITLES: Record<(typeof DECORATORS)[number], string> = { strong: 'Strong', em: 'Emphasis' }

const styles = (values: readonly (typeof BODY_STYLES)[number][]) => values.map((value) => ({ title: STYLE_TITLES[value], value }))
const decorators = DECORATORS.map((value) => ({ title: DECORATOR_TITLES[value], value }))

interface TextShape {
  /** `_type`s allowed besides `block`. */
  objects: readonly string[]
  styles: readonly string[]
  lists: readonly string[]
}

type Member = {
  _type?: unknown
  _key?: unknown
  style?: unknown
  listItem?: unknown
  markDefs?: Array<{ _type?: unknown; _key?: unknown }>
  children?: Array<{ _type?: unknown; text?: unknown; marks?: unknown[] }>
}

/**
 * What Sanity's `validateDocument` does not check in Portable Text (it leaves block styles, list
 * types, marks and unknown member types to the editor UI), so that API writes and imports are
 * held to the same rules as the zod models in `lib/content/models/portable-text.ts`.
 */
function portableTextProblems(shape: TextShape): (value: Member[] | undefined) => true | ValidationError[] {
  const allowed = (list: readonly string[], value: unknown) => typeof value === 'string' && list.includes(value)
  return (value: Member[] | undefined): true | ValidationError[] => {
    const problems: ValidationError[] = []
    for (const [index, member] of (value ?? []).entries()) {
      const at = typeof member?._key === 'string' ? { _key: member._key } : index
      const add = (message: string, ...rest: Array<string | number>) => problems.push({ message, path: [at, ...rest] })
      if (member?._type !== 'block') {
        if (!allowed(shape.objects, member?._type)) add(`Unknown block type ${JSON.stringify(member?._type)}.`, '_type')
        continue
      }
      if (member.style !== undefined && !allowed(shape.styles, member.style)) add(`Style must be one of ${shape.styles.join(', ')}.`, 'style')
      if (member.listItem !== undefined && !allowed(shape.lists, member.listItem)) {
        add(shape.lists.length ? `List type must be one of ${shape.lists.join(', ')}.` : 'Lists are not allowed here.', 'listItem')
      }
      const keys = new Set<unknown>()
      for (const [defIndex, def] of (member.markDefs ?? []).entries()) {
        if (!allowed(ANNOTATION_TYPES, def?._type)) add(`Unknown annotation type ${JSON.stringify(def?._type)}.`, 'markDefs', defIndex)
        keys.add(def?._key)
      }
      if (!Array.isArray(member.children) || member.children.length === 0) add('A block needs at least one span.', 'children')
      for (const [childIndex, child] of (member.children ?? []).entries()) {
        if (child?._type !== 'span') add('A block holds spans only.', 'children', childIndex)
        if (typeof child?.text !== 'string') add('Span text must be a string.', 'children', childIndex, 'text')
        for (const mark of child?.marks ?? []) {
          if (!allowed(DECORATORS, mark) && !keys.has(mark)) add(`Unknown mark ${JSON.stringify(mark)}.`, 'children', childIndex, 'marks')
        }
      }
    }
    return problems.length === 0 || problems
  }
}

/**
 * The shape checks of a `body` / `simpleText` value. A field with a `validation` of its own
 * replaces its type's, so fields of these types add them to their rules (`.custom(bodyShape)`).
 */
export const bodyShape = portableTextProblems({ objects: ['figure'], styles: BODY_STYLES, lists: LIST_TYPES })
export const simpleTextShape = portableTextProblems({ objects: [], styles: SIMPLE_TEXT_STYLES, lists: [] })

/** Article body: paragraphs, sub-heads, quotes and lists, with links and inline figures. */
export const bodyType = defineType({
  name: 'body',
  title: 'Body',
  type: 'array',
  validation: (rule) => rule.custom(bodyShape),
  of: [
    defineArrayMember({
      type: 'block',
      styles: styles(BODY_STYLES),
      lists: LIST_TYPES.map((value) => ({ title: LIST_TITLES[value], value })),
      marks: {
        decorators,
        annotations: [defineArrayMember({ type: 'link', name: 'link' })],
      },
    }),
    defineArrayMember({ type: 'figure' }),
  ],
})

/** Short rich text (legal notices): plain paragraphs with links only. */
export const simpleTextType = defineType({
  name: 'simpleText',
  title: 'Text',
  type: 'array',
  validation: (rule) => rule.custom(simpleTextShape),
  of: [
    defineArrayMember({
      type: 'block',
      styles: styles(SIMPLE_TEXT_STYLES),
      lists: [],
      marks: {
        decorators,
        annotations: [defineArrayMember({ type: 'link', name: 'link' })],
      },
    }),
  ],
})
