import { defineField, defineType } from 'sanity'
import { LINK_SCHEMES } from './link'

/** A labelled link, e.g. "To find out more, click here." */
export const labelledLinkType = defineType({
  name: 'labelledLink',
  title: 'Link',
  type: 'object',
  fields: [
    defineField({
      name: 'label',
      title: 'Label',
      type: 'string',
      validation: (rule) => rule.required().max(200),
    }),
    defineField({
      name: 'url',
      title: 'URL',
      type: 'url',
      validation: (rule) => rule.required().uri({ scheme: [...LINK_SCHEMES], allowRelative: true }),
    }),
  ],
})
