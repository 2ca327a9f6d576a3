import { defineArrayMember, defineField, defineType } from 'sanity'

/** One document (`_id: "siteSettings"`) with what every page needs. */
export const siteSettingsType = defineType({
  name: 'siteSettings',
  title: 'Site settings',
  type: 'document',
  fields: [
    defineField({
      name: 'siteName',
      title: 'Site name',
      type: 'string',
      validation: (rule) => rule.required().max(80),
    }),
    defineField({
      name: 'description',
      title: 'Description',
      type: 'text',
      rows: 2,
      validation: (rule) => rule.max(300),
    }),
    defineField({
      name: 'language',
      title: 'Language',
      description: 'BCP 47 tag of the site language, e.g. "en".',
      type: 'string',
      initialValue: 'en',
      validation: (rule) => rule.required().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/),
    }),
    defineField({
      name: 'publisher',
      title: 'Publisher',
      type: 'object',
      validation: (rule) => rule.required(),
      fields: [
        defineField({ name: 'name', title: 'Name', type: 'string', validation: (rule) => rule.required() }),
        defineField({ name: 'url', title: 'Website', type: 'url' }),
        defineField({ name: 'logo', title: 'Logo', type: 'figure' }),
      ],
    }),
    defineField({
      name: 'baseUrl',
      title: 'Base URL',
      description: 'Public address of the site, used in canonical links, sitemaps and feeds.',
      type: 'url',
      validation: (rule) => rule.required().uri({ scheme: ['http', 'https'] }),
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
