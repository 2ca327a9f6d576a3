import { defineArrayMember, defineType } from 'sanity'

/** Article body: paragraphs, sub-heads, quotes and lists, with links and inline figures. */
export const bodyType = defineType({
  name: 'body',
  title: 'Body',
  type: 'array',
  of: [
    defineArrayMember({
      type: 'block',
      styles: [
        { title: 'Normal', value: 'normal' },
        { title: 'Heading 2', value: 'h2' },
        { title: 'Heading 3', value: 'h3' },
        { title: 'Quote', value: 'blockquote' },
      ],
      lists: [
        { title: 'Bullet', value: 'bullet' },
        { title: 'Numbered', value: 'number' },
      ],
      marks: {
        decorators: [
          { title: 'Strong', value: 'strong' },
          { title: 'Emphasis', value: 'em' },
        ],
        annotations: [defineArrayMember({ type: 'link', name: 'link' })],
      },
    }),
    defineArrayMember({ type: 'figure' }),
  ],
})

/** Short rich text (legal notices, section blurbs): paragraphs with links only. */
export const simpleTextType = defineType({
  name: 'simpleText',
  title: 'Text',
  type: 'array',
  of: [
    defineArrayMember({
      type: 'block',
      styles: [{ title: 'Normal', value: 'normal' }],
      lists: [],
      marks: {
        decorators: [
          { title: 'Strong', value: 'strong' },
          { title: 'Emphasis', value: 'em' },
        ],
        annotations: [defineArrayMember({ type: 'link', name: 'link' })],
      },
    }),
  ],
})
