import { defineField, defineType } from 'sanity'

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
      validation: (rule) => rule.required().min(3).max(300),
    }),
    defineField({
      name: 'caption',
      title: 'Caption',
      type: 'text',
      rows: 3,
      validation: (rule) => rule.max(1000),
    }),
    defineField({
      name: 'credit',
      title: 'Credit',
      type: 'string',
      description: 'Agency or photographer, e.g. "Reuters" or "AFP/Jane Doe".',
      validation: (rule) => rule.max(200),
    }),
  ],
})
