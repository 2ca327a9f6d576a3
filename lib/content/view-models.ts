/**
 * What components receive: typed, validated, render-ready values (DCR-style "enhanced" models).
 * lib/content parses query results with zod, then maps them into these. Components import only
 * these types — never raw query results.
 */
import type { PortableTextBlock } from '@portabletext/react'

/** An image ready for components/SanityImage: URL from @sanity/image-url (first-party with the embedded lake). */
export type ImageView = {
  url: string
  width: number
  height: number
  alt: string
  caption: string | null
  credit: string | null
}

/** An inline figure inside Portable Text. */
export type BodyFigureBlock = { _type: 'figure'; _key: string; image: ImageView }

/** Portable Text body: standard blocks plus inline figures. Link marks carry `href`. */
export type BodyBlock = PortableTextBlock | BodyFigureBlock

export type SectionLink = { title: string; href: string }

export type AgencyView = { name: string; shortName: string; url: string | null }

export type AttributionView = {
  /** e.g. "Based on reporting by" */
  label: string
  agencies: AgencyView[]
  /** Free text used instead of (or after) the agency list. */
  text: string | null
}

export type CorrectionView = {
  key: string
  type: 'correction' | 'clarification'
  /** ISO 8601 */
  date: string
  text: string
}

export type LegalNoticeView = {
  id: string
  title: string
  body: PortableTextBlock[]
  link: { label: string; url: string } | null
  /** null = everyone; otherwise ISO 3166-1 alpha-2 codes such as "RU". */
  regions: string[] | null
  placement: 'articleFooter' | 'articleTop' | 'siteFooter'
}

export type BreakingNewsView = {
  id: string
  headline: string
  /** Link to the article, e.g. "/articles/<slug>", or null. */
  href: string | null
  activeFrom: string
  activeUntil: string | null
}

/** A story in a list (home page, related stories). */
export type ArticleCardView = {
  id: string
  href: string
  headline: string
  dek: string | null
  kicker: string | null
  publishedAt: string
  updatedAt: string | null
  thumbnail: ImageView | null
}

export type ArticleView = {
  id: string
  slug: string
  href: string
  headline: string
  kicker: string | null
  section: SectionLink | null
  dek: string | null
  /** ISO 8601 with time zone */
  publishedAt: string
  /** The editor-set "Updated" time, or null */
  updatedAt: string | null
  breaking: boolean
  leadFigure: ImageView | null
  body: BodyBlock[]
  attribution: AttributionView | null
  legalNotices: LegalNoticeView[]
  corrections: CorrectionView[]
  related: ArticleCardView[]
  tags: string[]
}

export type SiteSettingsView = {
  siteName: string
  description: string | null
  /** BCP 47, e.g. "en" */
  language: string
  publisher: { name: string; url: string | null }
  baseUrl: string
  sections: SectionLink[]
}

/** Text with the words a search matched marked: rendered as plain text and `<mark>`. */
export type TextPart = { text: string; match: boolean }

/** One search result: the story's card, its headline and a snippet of its text with the matches marked. */
export type SearchResultView = { card: ArticleCardView; headline: TextPart[]; snippet: TextPart[] }
