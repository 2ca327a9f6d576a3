import { defineArrayMember, defineField, defineType } from 'sanity'
import { LANGUAGE_TAG_PATTERN, SITE_SETTINGS_ID, TEXT_LIMITS } from '../../lib/content-rules'
import { optionalText, publishedIdOf, requiredText, webUrl } from '../validation'

/** One document (`_id: "siteSettings"`) with what every page needs. */
export const siteSettingsType = defineType({
  name: 'siteSettings',
  title: 'Site settings',
  type: 'document',
  validation: (rule) =>
    rule.custom((_value, context) => {
      const id = publishedIdOf(context)
      if (id === undefined || id === SITE_SETTINGS_ID) return true
      return { message: `Site settings live under the id "${SITE_SETTINGS_ID}".`, path: ['_id'] }
    }),
  fields: [
    defineField({
      name: 'siteName',
      title: 'Site name',
      type: 'string',
      validation: (rule) => requiredText(rule, TEXT_LIMITS.siteSettings.siteName),
    }),
    defineField({
      name: 'description',
      title: 'Description',
      type: 'text',
      rows: 2,
      validation: (rule) => optionalText(rule, TEXT_LIMITS.siteSettings.description),
    }),
    defineField({
      name: 'language',
      title: 'Language',
      description: 'BCP 47 tag of the site language, e.g. "en".',
      type: 'string',
      initialValue: 'en',
      validation: (rule) => rule.required().regex(LANGUAGE_TAG_PATTERN, 'BCP 47 language tag'),
    }),
    defineField({
      name: 'publisher',
      title: 'Publisher',
      type: 'object',
      validation: (rule) => rule.required(),
      fields: [
        defineField({
          name: 'name',
          title: 'Name',
          type: 'string',
          validation: (rule) => requiredText(rule, TEXT_LIMITS.siteSettings.publisherName),
        }),
        defineField({ name: 'url', title: 'Website', type: 'url', validation: (rule) => webUrl(rule) }),
        defineField({ name: 'logo', title: 'Logo', type: 'figure' }),
      ],
    }),
    defineField({
      name: 'baseUrl',
      title: 'Base URL',
      description: 'Public address of the site, used in canonical links and structured data.',
      type: 'url',
      validation: (rule) => webUrl(rule.required()),
    }),
    defineField({
      name: 'defaultLegalNotices',
      title: 'Default legal notices',
      description: 'Shown on every article in addition to its own.',
      type: 'array',
      of: [defineArrayMember({ type: 'reference', to: [{ type: 'legalNotice' }] })],
      validation: (rule) => rule.unique(),
    }),
  ],
})
