import { defineField, defineType } from 'sanity'
import { safeLink } from '../validation'

/** A hyperlink annotation in Portable Text (a legal notice's own link is a `labelledLink`). */
export const linkType = defineType({
  name: 'link',
  title: 'Link',
  type: 'object',
  fields: [
    defineField({
      name: 'href',
      title: 'URL',
      type: 'url',
      validation: (rule) => safeLink(rule.required()),
    }),
  ],
})
