/**
 * The Studio desk: site settings as a single document (no list, no "create new"), then one
 * list per document type; stories newest first.
 */

import type { StructureResolver } from 'sanity/structure'
import { SITE_SETTINGS_ID } from '../content-rules'

export const SINGLETON_TYPES = new Set(['siteSettings'])

export const deskStructure: StructureResolver = (S) =>
  S.list()
    .title('Content')
    .items([
      S.listItem()
        .title('Site settings')
        .id(SITE_SETTINGS_ID)
        .child(S.document().schemaType('siteSettings').documentId(SITE_SETTINGS_ID).title('Site settings')),
      S.divider(),
      S.listItem()
        .title('Stories')
        .id('article')
        .schemaType('article')
        .child(
          S.documentTypeList('article')
            .title('Stories')
            .defaultOrdering([{ field: 'publishedAt', direction: 'desc' }, { field: '_updatedAt', direction: 'desc' }]),
        ),
      S.listItem()
        .title('Breaking news')
        .id('breakingNews')
        .schemaType('breakingNews')
        .child(S.documentTypeList('breakingNews').title('Breaking news').defaultOrdering([{ field: '_updatedAt', direction: 'desc' }])),
      ...S.documentTypeListItems().filter((item) => {
        const id = item.getId()
        return id !== undefined && !SINGLETON_TYPES.has(id) && id !== 'article' && id !== 'breakingNews'
      }),
    ])
