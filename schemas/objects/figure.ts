import { defineField, defineType } from 'sanity'
import { TEXT_LIMITS } from '../../lib/content-rules'
import { optionalText, requiredText } from '../validation'

/**
 * An image as a newsroom publishes it: the picture (with hotspot for crops),
 * alt text for readers who cannot see it, the caption, and the credit.
 */
export const figureType = defineType({
  name: 'figure',
  title: 'Figure',
  type: 'image',
  options: { hotspot: true },
  validation: (rule) => rule.assetRequired(),
  fields: [
    defineField({
      name: 'alt',
      title: 'Alt text',
      type: 'string',
      description: 'Describe what the image shows for readers who cannot see it.',
      validation: (rule) => requiredText(rule, TEXT_LIMITS.figure.alt),
    }),
    defineField({
      name: 'caption',
      title: 'Caption',
      type: 'text',
      rows: 3,
      validation: (rule) => optionalText(rule, TEXT_LIMITS.figure.caption),
    }),
    defineField({
      name: 'credit',
      title: 'Credit',
      type: 'string',
      description: 'Agency or photographer, e.g. "Reuters" or "AFP/Jane Doe".',
      validation: (rule) => optionalText(rule, TEXT_LIMITS.figure.credit),
    }),
  ],
})
