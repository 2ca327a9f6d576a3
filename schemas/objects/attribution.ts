import { defineArrayMember, defineField, defineType } from 'sanity'
import { TEXT_LIMITS } from '../../lib/content-rules'
import { optionalText } from '../validation'

/**
 * Wire attribution: "Based on reporting by" + an ordered list of agencies,
 * or free text when the sourcing is not a list of agencies.
 */
export const attributionType = defineType({
  name: 'attribution',
  title: 'Attribution',
  type: 'object',
  fields: [
    defineField({
      name: 'label',
      title: 'Label',
      type: 'string',
      initialValue: 'Based on reporting by',
      validation: (rule) => optionalText(rule, TEXT_LIMITS.attribution.label),
    }),
    defineField({
      name: 'agencies',
      title: 'Agencies',
      description: 'In the order they should be named.',
      type: 'array',
      of: [defineArrayMember({ type: 'reference', to: [{ type: 'agency' }] })],
      validation: (rule) => rule.unique(),
    }),
    defineField({
      name: 'text',
      title: 'Free text',
      description: 'Used instead of the agency list, e.g. "With reporting by our Moscow bureau".',
      type: 'string',
      validation: (rule) => optionalText(rule, TEXT_LIMITS.attribution.text),
    }),
  ],
  validation: (rule) =>
    rule.custom((value: { agencies?: unknown[]; text?: string } | undefined) => {
      if (!value) return true
      const hasAgencies = Array.isArray(value.agencies) && value.agencies.length > 0
      return hasAgencies || Boolean(value.text?.trim()) || 'Name at least one agency or write a free-text attribution.'
    }),
})
