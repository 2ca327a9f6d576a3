import { cache } from 'react'
import { defineQuery } from 'next-sanity'
import { z } from 'zod'
import type { LegalNoticeView, SectionLink, SiteSettingsView } from './view-models'
import { fetchContent } from './fetch'
import { LEGAL_NOTICE_PROJECTION, legalNoticeResult } from './models/legal-notice'
import { TEXT_LIMITS } from '../content-rules'
import { documentId, httpUrl, optionalDisplayText, requiredDisplayText, slugString } from './models/primitives'
import { sectionHref, toLegalNoticeView } from './map'
import { parseEach, parseOrLog } from './parse'
import { SITE_SETTINGS_TAG, typeTag } from './tags'

export const QUERY_NAME = 'siteSettings'

/** What every page needs: the settings singleton, the sections for navigation, footer notices. */
export const siteSettingsQuery = defineQuery(`{
  "settings": *[_type == "siteSettings" && _id == "siteSettings"][0]{
    _id,
    siteName,
    description,
    language,
    publisher{name, url},
    baseUrl,
    "footerNotices": defaultLegalNotices[]->[placement == "siteFooter"]{${LEGAL_NOTICE_PROJECTION}}
  },
  "sections": *[_type == "section" && defined(slug.current)] | order(title asc){_id, title, "slug": slug.current}
}`)

export const settingsResult = z.object({
  _id: z.literal('siteSettings'),
  siteName: requiredDisplayText(TEXT_LIMITS.siteSettings.siteName, 'a site name'),
  description: optionalDisplayText(TEXT_LIMITS.siteSettings.description),
  language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { error: 'expected a BCP 47 language tag' }),
  publisher: z.object({ name: requiredDisplayText(TEXT_LIMITS.siteSettings.publisherName, 'a publisher name'), url: httpUrl.nullable() }),
  baseUrl: httpUrl,
  footerNotices: z.array(legalNoticeResult.extend({ placement: z.literal('siteFooter') })).nullable(),
})

export const sectionLinkResult = z.object({
  _id: documentId,
  title: requiredDisplayText(TEXT_LIMITS.section.title, 'a section title'),
  slug: slugString(60),
})

export const siteSettingsModel = z.object({
  settings: settingsResult.nullable(),
  sections: z.array(sectionLinkResult),
})

export type SiteData = { settings: SiteSettingsView; footerNotices: LegalNoticeView[]; trusted: boolean }

/**
 * Used when the settings document is missing or broken, so that one bad field does not take the
 * whole site down. `trusted: false` tells pages not to derive canonical URLs from it.
 */
export const FALLBACK_SETTINGS: Omit<SiteSettingsView, 'sections'> = {
  siteName: 'News',
  description: null,
  language: 'en',
  publisher: { name: 'News', url: null },
  baseUrl: 'http://localhost:3000',
}

export const SITE_TAGS = [SITE_SETTINGS_TAG, typeTag('siteSettings'), typeTag('section'), typeTag('legalNotice')]

/** Site settings, sections and footer notices (deduplicated within one render). */
export const getSiteData = cache(async (): Promise<SiteData> => {
  const raw = await fetchContent(siteSettingsQuery, {}, SITE_TAGS)
  return toSiteData(raw)
})

export function toSiteData(raw: unknown): SiteData {
  const r = (raw ?? {}) as { settings?: unknown; sections?: unknown }
  const shell = settingsResult.extend({ footerNotices: z.unknown() })
  const settings =
    r.settings == null
      ? (console.error(`[content] ${QUERY_NAME} siteSettings: (root): the document is missing (using fallback settings)`), null)
      : parseOrLog(shell, r.settings, { query: QUERY_NAME, id: 'siteSettings', outcome: 'using fallback settings' })
  const sections: SectionLink[] = parseEach(sectionLinkResult, r.sections, {
    query: QUERY_NAME,
    id: 'sections',
    path: ['sections'],
    outcome: 'section link dropped',
  }).map((s) => ({ title: s.title.trim(), href: sectionHref(s.slug) }))
  const footerNotices = settings
    ? parseEach(legalNoticeResult, settings.footerNotices, {
        query: QUERY_NAME,
        id: 'siteSettings',
        path: ['footerNotices'],
        outcome: 'legal notice dropped',
      }).map(toLegalNoticeView)
    : []
  const base = settings
    ? {
        siteName: settings.siteName.trim(),
        description: settings.description?.trim() || null,
        language: settings.language,
        publisher: { name: settings.publisher.name.trim(), url: settings.publisher.url },
        baseUrl: settings.baseUrl.replace(/\/+$/, ''),
      }
    : FALLBACK_SETTINGS
  return { settings: { ...base, sections }, footerNotices, trusted: settings !== null }
}
