import { ARTICLE_STORY_PROJECTION } from './models/article-projection'
import { cache } from 'react'
import { defineQuery } from 'next-sanity'
import { z } from 'zod'
import type { AgencyView, ArticleView, BodyBlock, CorrectionView } from './view-models'
import { withEditInfo } from './edit-info'
import { fetchContent, isPreviewing } from './fetch'
import { stegaClean } from './stega'
import { ARTICLE_CARD_PROJECTION, articleCardResult } from './models/article-card'
import { figureResult } from './models/image'
import { LEGAL_NOTICE_PROJECTION, legalNoticeResult } from './models/legal-notice'
import { bodyFigureResult, bodyMemberResult, bodyTextBlockResult } from './models/portable-text'
import { cleanDisplayText, TEXT_LIMITS } from '../content-rules'
import {
  arrayKey,
  documentId,
  httpUrl,
  isValidArticleSlug,
  isoDateTime,
  optionalDisplayText,
  requiredDisplayText,
  slugString,
  toIssues,
  type Issue,
} from './models/primitives'
import { articleHref, dropUnsafeLinks, optionalImage, parseCards, sectionHref, toBodyBlock, toImageView, toLegalNoticeView } from './map'
import { logContentProblem, parseEach, parseOrLog, type Where } from './parse'
import { SITE_SETTINGS_TAG, articleSlugTag, typeTag } from './tags'

export const QUERY_NAME = 'articleBySlug'

/**
 * One article with everything its page shows: section, agencies, legal notices (its own and the
 * site-wide defaults), related stories (hand-picked, and the latest of its section as fallback),
 * corrections.
 */
export const articleBySlugQuery = defineQuery(`*[_type == "article" && slug.current == $slug][0]{
  ${ARTICLE_STORY_PROJECTION},
  "legalNotices": legalNotices[]->{${LEGAL_NOTICE_PROJECTION}},
  "defaultLegalNotices": *[_type == "siteSettings" && _id == "siteSettings"][0].defaultLegalNotices[]->{${LEGAL_NOTICE_PROJECTION}},
  "related": related[]->{${ARTICLE_CARD_PROJECTION}},
  tags,
  corrections[]{_key, type, date, text}
}`)

const attributionLabel = optionalDisplayText(TEXT_LIMITS.attribution.label)
const attributionText = optionalDisplayText(TEXT_LIMITS.attribution.text)

export const sectionResult = z.object({
  _id: documentId,
  title: requiredDisplayText(TEXT_LIMITS.section.title, 'a section title'),
  slug: slugString(60),
})

export const agencyResult = z.object({
  _id: documentId,
  name: requiredDisplayText(TEXT_LIMITS.agency.name, 'an agency name'),
  shortName: requiredDisplayText(TEXT_LIMITS.agency.shortName, 'an agency short name'),
  url: httpUrl.nullable(),
})

export const correctionResult = z.object({
  _key: arrayKey,
  type: z.enum(['correction', 'clarification']),
  date: isoDateTime,
  text: requiredDisplayText(TEXT_LIMITS.correction.text, 'a correction text', { multiline: true }),
})

/** The result of `articleBySlugQuery`, every part valid. */
export const articleResult = z.object({
  _id: documentId,
  headline: requiredDisplayText(TEXT_LIMITS.article.headline, 'a headline'),
  slug: slugString(),
  kicker: optionalDisplayText(TEXT_LIMITS.article.kicker),
  dek: optionalDisplayText(TEXT_LIMITS.article.dek),
  publishedAt: isoDateTime,
  updatedAt: isoDateTime.nullable(),
  breaking: z.boolean().nullable(),
  section: sectionResult,
  leadFigure: figureResult.nullable(),
  body: z.array(bodyMemberResult).min(1, { error: 'the body is empty' }),
  attribution: z
    .object({ label: attributionLabel, text: attributionText, agencies: z.array(agencyResult).nullable() })
    .nullable(),
  legalNotices: z.array(legalNoticeResult).nullable(),
  defaultLegalNotices: z.array(legalNoticeResult).nullable(),
  related: z.array(articleCardResult).nullable(),
  tags: z.array(z.string().transform((tag) => cleanDisplayText(tag))).nullable(),
  corrections: z.array(correctionResult).nullable(),
})
export const articleBySlugModel = articleResult.nullable()

/**
 * Fallback for "Related stories" when an editor picked none: the latest of the article's section.
 * A query of its own (with one `*`), so the lake answers it from its ordered index instead of
 * loading every article for every article page.
 */
export const sectionLatestQuery = defineQuery(`*[_type == "article" && section._ref == $sectionId && _id != $articleId && defined(slug.current)] | order(publishedAt desc)[0...4]{${ARTICLE_CARD_PROJECTION}}`)
export const sectionLatestModel = z.array(articleCardResult)

/**
 * What must hold for the article to be shown at all: its identity, headline, dates and body
 * text. Everything else is optional and checked piece by piece (a broken piece is dropped).
 */
const articleCore = articleResult.pick({ _id: true, headline: true, slug: true, kicker: true, dek: true, publishedAt: true, updatedAt: true, breaking: true }).extend({
  body: z.array(z.unknown()).min(1, { error: 'the body is empty' }),
})

export function articleTags(slug: string): string[] {
  return [articleSlugTag(slug), typeTag('article'), typeTag('section'), typeTag('agency'), typeTag('legalNotice'), SITE_SETTINGS_TAG]
}

/** The raw query result and the article parsed from it, fetched once per request. */
const loadArticle = cache(async (slug: string): Promise<{ raw: unknown; article: ArticleView | null }> => {
  if (!isValidArticleSlug(slug)) return { raw: null, article: null }
  const encoded = await fetchContent(articleBySlugQuery, { slug }, articleTags(slug), { editable: true })
  // Draft mode: validated and mapped clean (stega is invisible text); display text gets it back.
  const raw = (await isPreviewing()) ? stegaClean(encoded) : encoded
  if (raw === null || raw === undefined) return { raw: null, article: null }
  const parsed = toArticleView(raw, slug)
  const article = parsed && encoded !== raw ? withEditInfo(parsed, encoded) : parsed
  const sectionId = (raw as { section?: { _id?: unknown } }).section?._id
  if (article && article.related.length === 0 && typeof sectionId === 'string') {
    const latest = await fetchContent(sectionLatestQuery, { sectionId, articleId: article.id }, [typeTag('article')])
    article.related = parseCards(latest, { query: 'sectionLatest', id: article.id, path: [] })
  }
  return { raw, article }
})

/**
 * The article at `slug`, ready to render; null when there is none or it cannot be trusted (the
 * page 404s). Throws when the content backend cannot be reached.
 */
export const getArticleBySlug = cache(async (slug: string): Promise<ArticleView | null> => (await loadArticle(slug)).article)

/** The article's lead figure as the article query returned it (unvalidated), for other image sizes. */
export async function getRawLeadFigure(slug: string): Promise<unknown> {
  const { raw } = await loadArticle(slug)
  return (raw as { leadFigure?: unknown } | null)?.leadFigure ?? null
}

/**
 * Draft mode only: what is wrong with the story, field by field, so the editor sees it instead of
 * a 404 (or instead of silently dropped parts). Always empty outside draft mode: readers get the
 * page or "not found", never this list.
 */
export const getArticleDraftProblems = cache(async (slug: string): Promise<Issue[]> => {
  if (!(await isPreviewing())) return []
  return articleProblems((await loadArticle(slug)).raw)
})

/**
 * Every problem in a raw `articleBySlugQuery` result: the strict model's issues (each part that
 * would be dropped or stops the page) plus the page's own rule that the body needs text. Exported for tests.
 */
export function articleProblems(raw: unknown): Issue[] {
  if (raw === null || raw === undefined) return []
  const strict = articleResult.safeParse(raw)
  const problems = strict.success ? [] : toIssues(strict.error)
  const body = (raw as { body?: unknown }).body
  const hasText = Array.isArray(body) && body.some((member) => (member as { _type?: unknown } | null)?._type === 'block')
  if (Array.isArray(body) && body.length > 0 && !hasText) problems.push({ path: 'body', message: 'the body has no text paragraphs' })
  return problems
}

/** Parses a raw `articleBySlugQuery` result with the degrade rules. Exported for tests. */
export function toArticleView(raw: unknown, slug = '(unknown slug)'): ArticleView | null {
  const rawId = (raw as { _id?: unknown })?._id
  const id = typeof rawId === 'string' ? rawId : `slug:${slug}`
  const where = (path: PropertyKey[], outcome?: string): Where => ({ query: QUERY_NAME, id, path, outcome })
  const r = raw as Record<string, unknown>

  const core = parseOrLog(articleCore, raw, where([], 'article not shown'))
  if (!core) return null

  const body = parseBody(core.body, where)
  if (!body) return null

  let updatedAt = core.updatedAt
  if (updatedAt && Date.parse(updatedAt) < Date.parse(core.publishedAt)) {
    logContentProblem(where([], 'update time ignored'), [{ path: 'updatedAt', message: 'comes before publishedAt' }])
    updatedAt = null
  }

  const section = r.section == null ? null : parseOrLog(sectionResult, r.section, where(['section'], 'section dropped'))
  const leadFigure = optionalImage(r.leadFigure, where(['leadFigure'], 'lead figure dropped'))

  const legalNotices = uniqueNotices([
    ...parseEach(legalNoticeResult, r.legalNotices, { ...where(['legalNotices'], 'legal notice dropped') }),
    ...parseEach(legalNoticeResult, r.defaultLegalNotices, { ...where(['defaultLegalNotices'], 'legal notice dropped') }),
  ]).map(toLegalNoticeView)

  const related = parseCards(r.related, where(['related']))

  const corrections: CorrectionView[] = parseEach(correctionResult, r.corrections, where(['corrections'], 'correction dropped'))
    .map((c) => ({ key: c._key, type: c.type, date: c.date, text: c.text.trim() }))
    .sort((a, b) => Date.parse(a.date) - Date.parse(b.date))

  return {
    id: core._id,
    slug: core.slug,
    href: articleHref(core.slug),
    headline: core.headline.trim(),
    kicker: core.kicker?.trim() || null,
    section: section ? { title: section.title, href: sectionHref(section.slug) } : null,
    dek: core.dek?.trim() || null,
    publishedAt: core.publishedAt,
    updatedAt,
    breaking: core.breaking === true,
    leadFigure,
    body,
    attribution: parseAttribution(r.attribution, where),
    legalNotices,
    corrections,
    related: related.filter((card) => card.id !== core._id).slice(0, 6),
    tags: parseTags(r.tags),
  }
}

/**
 * Text blocks must all be valid (a story missing a paragraph is not the story): one bad block
 * → null. Inline figures and unknown block types are dropped; unsafe links lose their link.
 */
function parseBody(members: unknown[], where: (path: PropertyKey[], outcome?: string) => Where): BodyBlock[] | null {
  const out: BodyBlock[] = []
  for (const [index, member] of members.entries()) {
    const type = (member as { _type?: unknown } | null)?._type
    if (type === 'block') {
      const block = parseOrLog(bodyTextBlockResult, dropUnsafeLinks(member, where(['body', index])), where(['body', index], 'article not shown'))
      if (!block) return null
      out.push(toBodyBlock(block))
    } else if (type === 'figure') {
      const figure = parseOrLog(bodyFigureResult, member, where(['body', index], 'inline figure dropped'))
      if (figure) out.push({ _type: 'figure', _key: figure._key, image: toImageView(figure) })
    } else {
      parseOrLog(bodyMemberResult, member, where(['body', index], 'block dropped'))
    }
  }
  if (!out.some((block) => block._type === 'block')) {
    logContentProblem(where([], 'article not shown'), [{ path: 'body', message: 'no text blocks' }])
    return null
  }
  return out
}

const attributionShell = z.object({ label: attributionLabel, text: attributionText, agencies: z.unknown() })

/** Agencies that cannot be shown are dropped; nothing left to say → no attribution line. */
function parseAttribution(value: unknown, where: (path: PropertyKey[], outcome?: string) => Where) {
  if (value === null || value === undefined) return null
  const shell = parseOrLog(attributionShell, value, where(['attribution'], 'attribution dropped'))
  if (!shell) return null
  const agencies: AgencyView[] = parseEach(agencyResult, shell.agencies, where(['attribution', 'agencies'], 'agency dropped')).map((a) => ({
    name: a.name.trim(),
    shortName: a.shortName.trim(),
    url: a.url,
  }))
  const text = shell.text?.trim() || null
  if (agencies.length === 0 && !text) return null
  return { label: shell.label?.trim() || 'Based on reporting by', agencies, text }
}

function uniqueNotices<T extends { _id: string }>(notices: T[]): T[] {
  const seen = new Set<string>()
  return notices.filter((notice) => (seen.has(notice._id) ? false : (seen.add(notice._id), true)))
}

function parseTags(value: unknown): string[] {
  if (!Array.isArray(value)) return []
  const tags = value.filter((tag): tag is string => typeof tag === 'string').map((tag) => tag.trim()).filter(Boolean)
  return [...new Set(tags)]
}

