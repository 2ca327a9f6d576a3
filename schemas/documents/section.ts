import { defineField, defineType } from 'sanity'
import { SECTION_SLUG_MAX, TEXT_LIMITS } from '../../lib/content-rules'
import { requiredSlug, requiredText } from '../validation'

/** A section of the site (e.g. "Middle East"). */
export const sectionType = defineType({
  name: 'section',
  title: 'Section',
  type: 'document',
  fields: [
    defineField({
      name: 'title',
      title: 'Title',
      type: 'string',
      validation: (rule) => requiredText(rule, TEXT_LIMITS.section.title),
    }),
    defineField({
      name: 'slug',
      title: 'Slug',
      type: 'slug',
      options: { source: 'title', maxLength: SECTION_SLUG_MAX },
      validation: (rule) => requiredSlug(rule, SECTION_SLUG_MAX),
    }),
    defineField({ name: 'description', title: 'Description', type: 'text', rows: 2 }),
  ],
})
