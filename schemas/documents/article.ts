import { defineArrayMember, defineField, defineType } from 'sanity'
import { ARTICLE_SLUG_MAX, RELATED_MAX, TAGS_MAX, TEXT_LIMITS, requiredTextProblem } from '../../lib/content-rules'
import { bodyShape } from '../objects/portableText'
import { isoDateTime, optionalText, publishedIdOf, requiredSlug, requiredText } from '../validation'

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
      validation: (rule) => requiredText(rule, TEXT_LIMITS.article.headline),
    }),
    defineField({
      name: 'slug',
      title: 'Slug',
      type: 'slug',
      group: 'meta',
      options: { source: 'headline', maxLength: ARTICLE_SLUG_MAX },
      // Sanity's default slug uniqueness check applies (no other document of this type may share it).
      validation: (rule) => requiredSlug(rule, ARTICLE_SLUG_MAX),
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
      validation: (rule) => optionalText(rule, TEXT_LIMITS.article.kicker),
    }),
    defineField({
      name: 'dek',
      title: 'Dek',
      description: 'One- or two-sentence summary under the headline.',
      type: 'text',
      rows: 2,
      group: 'story',
      validation: (rule) => optionalText(rule, TEXT_LIMITS.article.dek),
    }),
    defineField({
      name: 'publishedAt',
      title: 'Published at',
      type: 'datetime',
      group: 'meta',
      description: 'Set to the moment the story is created; change it if the story goes out later.',
      // A new story starts with "now" (with seconds and a zone, as the site's rule asks).
      initialValue: () => new Date().toISOString(),
      validation: (rule) => isoDateTime(rule.required()),
    }),
    defineField({
      name: 'updatedAt',
      title: 'Updated at',
      description: 'Shown to readers as "Updated". Leave empty until the story is materially updated.',
      type: 'datetime',
      group: 'meta',
      validation: (rule) =>
        isoDateTime(rule).custom((updatedAt: string | undefined, context) => {
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
      validation: (rule) => rule.required().min(1).custom(bodyShape),
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
      validation: (rule) =>
        rule
          .unique()
          .max(RELATED_MAX)
          .custom((related: Array<{ _ref?: string }> | undefined, context) => {
            const self = publishedIdOf(context)
            return !related?.some((ref) => ref._ref === self) || 'An article cannot be related to itself.'
          }),
    }),
    defineField({
      name: 'tags',
      title: 'Tags',
      type: 'array',
      group: 'meta',
      of: [defineArrayMember({ type: 'string' })],
      options: { layout: 'tags' },
      validation: (rule) =>
        rule
          .unique()
          .max(TAGS_MAX)
          .custom((tags: unknown[] | undefined) => {
            const bad = tags?.findIndex((tag) => typeof tag !== 'string' || requiredTextProblem(tag, TEXT_LIMITS.tag) !== null) ?? -1
            return bad === -1 || { message: 'A tag cannot be empty.', path: [bad] }
          }),
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
