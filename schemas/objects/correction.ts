import { defineField, defineType } from 'sanity'
import { CORRECTION_TYPES, TEXT_LIMITS } from '../../lib/content-rules'
import { isoDateTime, requiredText } from '../validation'

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
      validation: (rule) => isoDateTime(rule.required()),
    }),
    defineField({
      name: 'text',
      title: 'Text',
      type: 'text',
      rows: 3,
      validation: (rule) => requiredText(rule, TEXT_LIMITS.correction.text),
    }),
  ],
  preview: { select: { title: 'text', subtitle: 'type' } },
})
