import { defineField, defineType } from 'sanity'
import { TEXT_LIMITS } from '../../lib/content-rules'
import { isoDateTime, requiredText } from '../validation'

/** The breaking-news banner: shown site-wide while active. */
export const breakingNewsType = defineType({
  name: 'breakingNews',
  title: 'Breaking news',
  type: 'document',
  fields: [
    defineField({
      name: 'headline',
      title: 'Headline',
      type: 'string',
      validation: (rule) => requiredText(rule, TEXT_LIMITS.breakingNews.headline),
    }),
    defineField({
      name: 'article',
      title: 'Article',
      type: 'reference',
      to: [{ type: 'article' }],
    }),
    defineField({
      name: 'activeFrom',
      title: 'Active from',
      type: 'datetime',
      validation: (rule) => isoDateTime(rule.required()),
    }),
    defineField({
      name: 'activeUntil',
      title: 'Active until',
      description: 'Leave empty to keep the banner up until it is removed.',
      type: 'datetime',
      validation: (rule) =>
        isoDateTime(rule).custom((until: string | undefined, context) => {
          const from = (context.document as { activeFrom?: string } | undefined)?.activeFrom
          if (!until || !from) return true
          return Date.parse(until) > Date.parse(from) || 'The end must come after the start.'
        }),
    }),
  ],
})
