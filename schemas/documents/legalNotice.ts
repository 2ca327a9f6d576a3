import { defineArrayMember, defineField, defineType } from 'sanity'
import { AUDIENCE_SCOPES, LEGAL_NOTICE_PLACEMENTS, REGION_CODE_PATTERN, TEXT_LIMITS } from '../../lib/content-rules'
import { simpleTextShape } from '../objects/portableText'
import { requiredText } from '../validation'

const SCOPE_TITLES: Record<(typeof AUDIENCE_SCOPES)[number], string> = {
  everyone: 'Everyone',
  regions: 'Readers in specific regions',
}

/** A notice some or all readers must see, e.g. the "undesirable organization" warning for readers in Russia. */
export const legalNoticeType = defineType({
  name: 'legalNotice',
  title: 'Legal notice',
  type: 'document',
  fields: [
    defineField({
      name: 'title',
      title: 'Title',
      description: 'Internal name; also the accessible name of the notice region.',
      type: 'string',
      validation: (rule) => requiredText(rule, TEXT_LIMITS.legalNotice.title),
    }),
    defineField({
      name: 'body',
      title: 'Body',
      type: 'simpleText',
      validation: (rule) => rule.required().min(1).custom(simpleTextShape),
    }),
    defineField({ name: 'link', title: 'Link', type: 'labelledLink' }),
    defineField({
      name: 'audience',
      title: 'Audience',
      type: 'object',
      validation: (rule) => rule.required(),
      fields: [
        defineField({
          name: 'scope',
          title: 'Who sees it',
          type: 'string',
          options: {
            list: AUDIENCE_SCOPES.map((value) => ({ title: SCOPE_TITLES[value], value })),
            layout: 'radio',
          },
          initialValue: 'everyone',
          validation: (rule) => rule.required(),
        }),
        defineField({
          name: 'regions',
          title: 'Regions',
          description: 'ISO 3166-1 alpha-2 codes, e.g. RU.',
          type: 'array',
          of: [defineArrayMember({ type: 'string' })],
          options: { layout: 'tags' },
          validation: (rule) =>
            rule.custom((regions: string[] | undefined, context) => {
              const scope = (context.parent as { scope?: string } | undefined)?.scope
              if (scope !== 'regions') return true
              if (!regions || regions.length === 0) return 'Name at least one region.'
              const bad = regions.find((code) => !REGION_CODE_PATTERN.test(code))
              return bad ? `"${bad}" is not an ISO 3166-1 alpha-2 code.` : true
            }),
        }),
      ],
    }),
    defineField({
      name: 'placement',
      title: 'Placement',
      type: 'string',
      options: { list: [...LEGAL_NOTICE_PLACEMENTS] },
      initialValue: 'articleFooter',
      validation: (rule) => rule.required(),
    }),
  ],
})
