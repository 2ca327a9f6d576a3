import { defineField, defineType } from 'sanity'

export const CORRECTION_TYPES = ['correction', 'clarification'] as const

/** One entry of an article's corrections log. */
export const correctionType = defineType({
  name: 'correction',
  title: 'Correction',
  type: 'object',
  fields: [
    defineField({
      name: 'type',
      title: 'Type',
      type: 'string',
      options: { list: [...CORRECTION_TYPES], layout: 'radio' },
      initialValue: 'correction',
      validation: (rule) => rule.required(),
    }),
    defineField({
      name: 'date',
      title: 'Date',
      type: 'datetime',
      validation: (rule) => rule.required(),
    }),
    defineField({
      name: 'text',
      title: 'Text',
      type: 'text',
      rows: 3,
      validation: (rule) => rule.required().min(5).max(2000),
    }),
  ],
  preview: { select: { title: 'text', subtitle: 'type' } },
})
