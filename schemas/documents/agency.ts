import { defineField, defineType } from 'sanity'

/** A wire agency a story can be attributed to (Reuters, AFP, TASS…). */
export const agencyType = defineType({
  name: 'agency',
  title: 'Agency',
  type: 'document',
  fields: [
    defineField({
      name: 'name',
      title: 'Name',
      type: 'string',
      validation: (rule) => rule.required().max(100),
    }),
    defineField({
      name: 'shortName',
      title: 'Short name',
      description: 'As named in attribution lines, e.g. "AFP".',
      type: 'string',
      validation: (rule) => rule.required().max(30),
    }),
    defineField({
      name: 'url',
      title: 'Website',
      type: 'url',
      validation: (rule) => rule.uri({ scheme: ['http', 'https'] }),
    }),
  ],
  preview: { select: { title: 'shortName', subtitle: 'name' } },
})
