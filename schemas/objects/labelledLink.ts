import { defineField, defineType } from 'sanity'
import { TEXT_LIMITS } from '../../lib/content-rules'
import { requiredText, safeLink } from '../validation'

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
      validation: (rule) => requiredText(rule, TEXT_LIMITS.labelledLink.label),
    }),
    defineField({
      name: 'url',
      title: 'URL',
      type: 'url',
      validation: (rule) => safeLink(rule.required()),
    }),
  ],
})
