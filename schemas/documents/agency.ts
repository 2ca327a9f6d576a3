import { defineField, defineType } from 'sanity'
import { TEXT_LIMITS } from '../../lib/content-rules'
import { requiredText, webUrl } from '../validation'

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
      validation: (rule) => requiredText(rule, TEXT_LIMITS.agency.name),
    }),
    defineField({
      name: 'shortName',
      title: 'Short name',
      description: 'As named in attribution lines, e.g. "AFP".',
      type: 'string',
      validation: (rule) => requiredText(rule, TEXT_LIMITS.agency.shortName),
    }),
    defineField({
      name: 'url',
      title: 'Website',
      type: 'url',
      validation: (rule) => webUrl(rule),
    }),
  ],
  preview: { select: { title: 'shortName', subtitle: 'name' } },
})
