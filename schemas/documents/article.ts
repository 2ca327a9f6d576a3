import { defineArrayMember, defineField, defineType } from 'sanity'

/** A news story. `updatedAt` is the editor-set "Updated" time, not the system `_updatedAt`. */
export const articleType = defineType({
  name: 'article',
  title: 'Article',
  type: 'document',
  groups: [
    { name: 'story', title: 'Story', default: true },
    { name: 'meta', title: 'Publishing' },
    { name: 'legal', title: 'Legal & corrections' },
  ],
  fields: [
    defineField({
      name: 'headline',
      title: 'Headline',
      type: 'string',
      group: 'story',
      validation: (rule) => rule.required().min(5).max(200),
    }),
    defineField({
      name: 'slug',
      title: 'Slug',
      type: 'slug',
      group: 'meta',
      options: { source: 'headline', maxLength: 96 },
      // Sanity's default slug uniqueness check applies (no other document of this type may share it).
      validation: (rule) =>
        rule.required().custom((slug: { current?: string } | undefined) => {
          const current = slug?.current
          if (!current) return 'A slug is required.'
          return /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(current) || 'Use lower-case letters, digits and single hyphens.'
        }),
    }),
    defineField({
      name: 'section',
      title: 'Section',
      type: 'reference',
      to: [{ type: 'section' }],
      group: 'meta',
      validation: (rule) => rule.required(),
    }),
    defineField({
      name: 'kicker',
      title: 'Kicker',
      description: 'Short label above the headline, e.g. a country or topic.',
      type: 'string',
      group: 'story',
      validation: (rule) => rule.max(40),
    }),
    defineField({
      name: 'dek',
      title: 'Dek',
      description: 'One- or two-sentence summary under the headline.',
      type: 'text',
      rows: 2,
      group: 'story',
      validation: (rule) => rule.max(300),
    }),
    defineField({
      name: 'publishedAt',
      title: 'Published at',
      type: 'datetime',
      group: 'meta',
      validation: (rule) => rule.required(),
    }),
    defineField({
      name: 'updatedAt',
      title: 'Updated at',
      description: 'Shown to readers as "Updated". Leave empty until the story is materially updated.',
      type: 'datetime',
      group: 'meta',
      validation: (rule) =>
        rule.custom((updatedAt: string | undefined, context) => {
          const publishedAt = (context.document as { publishedAt?: string } | undefined)?.publishedAt
          if (!updatedAt || !publishedAt) return true
          return Date.parse(updatedAt) >= Date.parse(publishedAt) || 'The update cannot come before publication.'
        }),
    }),
    defineField({
      name: 'breaking',
      title: 'Breaking news',
      type: 'boolean',
      group: 'meta',
      initialValue: false,
    }),
    defineField({ name: 'leadFigure', title: 'Lead figure', type: 'figure', group: 'story' }),
    defineField({
      name: 'body',
      title: 'Body',
      type: 'body',
      group: 'story',
      validation: (rule) => rule.required().min(1),
    }),
    defineField({ name: 'attribution', title: 'Attribution', type: 'attribution', group: 'story' }),
    defineField({
      name: 'legalNotices',
      title: 'Legal notices',
      type: 'array',
      group: 'legal',
      of: [defineArrayMember({ type: 'reference', to: [{ type: 'legalNotice' }] })],
      validation: (rule) => rule.unique(),
    }),
    defineField({
      name: 'related',
      title: 'Related stories',
      description: 'Hand-picked; when empty, the latest stories of the same section are shown.',
      type: 'array',
      group: 'meta',
      of: [defineArrayMember({ type: 'reference', to: [{ type: 'article' }] })],
      validation: (rule) => rule.unique().max(6),
    }),
    defineField({
      name: 'tags',
      title: 'Tags',
      type: 'array',
      group: 'meta',
      of: [defineArrayMember({ type: 'string' })],
      options: { layout: 'tags' },
      validation: (rule) => rule.unique().max(20),
    }),
    defineField({
      name: 'corrections',
      title: 'Corrections log',
      type: 'array',
      group: 'legal',
      of: [defineArrayMember({ type: 'correction' })],
    }),
  ],
  orderings: [
    { title: 'Newest first', name: 'publishedAtDesc', by: [{ field: 'publishedAt', direction: 'desc' }] },
  ],
  preview: {
    select: { title: 'headline', subtitle: 'kicker', media: 'leadFigure' },
  },
})
