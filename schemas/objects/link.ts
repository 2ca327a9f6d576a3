import { defineField, defineType } from 'sanity'

/** Schemes a link may use; anything else (javascript:, data:…) is refused. */
export const LINK_SCHEMES = ['http', 'https', 'mailto'] as const

/** A hyperlink annotation in Portable Text, and the link of a legal notice. */
export const linkType = defineType({
  name: 'link',
  title: 'Link',
  type: 'object',
  fields: [
    defineField({
      name: 'href',
      title: 'URL',
      type: 'url',
      validation: (rule) =>
        rule.required().uri({ scheme: [...LINK_SCHEMES], allowRelative: true }),
    }),
  ],
})
