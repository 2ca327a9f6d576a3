import { z } from 'zod'
import {
  ARTICLE_SLUG_MAX,
  CORRECTION_TYPES,
  LEGAL_NOTICE_PLACEMENTS,
  RELATED_MAX,
  SECTION_SLUG_MAX,
  SITE_SETTINGS_ID,
  TAGS_MAX,
  TEXT_LIMITS,
} from '../content-rules'
import { storedFigure } from './models/image'
import { storedBody, storedSimpleText } from './models/portable-text'
import {
  arrayKey,
  documentId,
  httpUrl,
  isoDateTime,
  keyedReference,
  languageTag,
  optionalText,
  reference,
  regionCode,
  requiredText,
  safeHref,
  slugString,
  toIssues,
  uniqueBy,
  type Issue,
} from './models/primitives'

/**
 * zod models of every document type the Content Lake stores. The limits, patterns and choices
 * come from `lib/content-rules`, which the Sanity schema (`schemas/`) uses too;
 * `__tests__/content/rules-agree.test.ts` checks that both refuse the same invalid documents.
 * Used to check documents before they are written (content CLI, imports) and in tests. Images are
 * accepted as imported (`asset._ref`) or as exported (`_sanityAsset: "image@file://..."`).
 *
 * Query results have their own models, beside each query (article.ts, home.ts, site.ts...).
 */

const systemFields = {
  _id: documentId,
  _rev: z.string().optional(),
  _createdAt: isoDateTime.optional(),
  _updatedAt: isoDateTime.optional(),
}

const slug = (max: number) =>
  z.object(
    { _type: z.literal('slug').optional(), current: slugString(max) },
    { error: (issue) => (issue.input === undefined ? 'a slug is required' : undefined) },
  )

const uniqueRefs = (field: string) => ({
  error: `${field} lists the same document twice`,
})

const refsAreUnique = (refs: { _ref: string }[] | undefined) => !refs || uniqueBy(refs, (ref) => ref._ref)

export const articleDocument = z
  .object({
    ...systemFields,
    _type: z.literal('article'),
    headline: requiredText(TEXT_LIMITS.article.headline, 'a headline'),
    slug: slug(ARTICLE_SLUG_MAX),
    section: reference,
    kicker: optionalText(TEXT_LIMITS.article.kicker).optional(),
    dek: optionalText(TEXT_LIMITS.article.dek).optional(),
    publishedAt: isoDateTime,
    updatedAt: isoDateTime.optional(),
    breaking: z.boolean().optional(),
    leadFigure: storedFigure.optional(),
    body: storedBody,
    attribution: z
      .object({
        _type: z.literal('attribution').optional(),
        label: optionalText(TEXT_LIMITS.attribution.label).optional(),
        agencies: z.array(keyedReference).refine(refsAreUnique, uniqueRefs('agencies')).optional(),
        text: optionalText(TEXT_LIMITS.attribution.text).optional(),
      })
      .refine((a) => (a.agencies?.length ?? 0) > 0 || Boolean(a.text?.trim()), {
        error: 'name at least one agency or write a free-text attribution',
      })
      .optional(),
    legalNotices: z.array(keyedReference).refine(refsAreUnique, uniqueRefs('legalNotices')).optional(),
    related: z
      .array(keyedReference)
      .max(RELATED_MAX, { error: `at most ${RELATED_MAX} related stories` })
      .refine(refsAreUnique, uniqueRefs('related'))
      .optional(),
    tags: z
      .array(requiredText(TEXT_LIMITS.tag, 'a tag'))
      .max(TAGS_MAX, { error: `at most ${TAGS_MAX} tags` })
      .refine((tags) => uniqueBy(tags, (tag) => tag), { error: 'tags must be unique' })
      .optional(),
    corrections: z
      .array(
        z.object({
          _type: z.literal('correction').optional(),
          _key: arrayKey,
          type: z.enum(CORRECTION_TYPES),
          date: isoDateTime,
          text: requiredText(TEXT_LIMITS.correction.text, 'a correction'),
        }),
      )
      .optional(),
  })
  .superRefine((doc, ctx) => {
    if (doc.updatedAt && Date.parse(doc.updatedAt) < Date.parse(doc.publishedAt)) {
      ctx.addIssue({ code: 'custom', path: ['updatedAt'], message: 'the update cannot come before publication' })
    }
    if (doc.related?.some((ref) => ref._ref === doc._id.replace(/^drafts\./, ''))) {
      ctx.addIssue({ code: 'custom', path: ['related'], message: 'an article cannot be related to itself' })
    }
  })

export const sectionDocument = z.object({
  ...systemFields,
  _type: z.literal('section'),
  title: requiredText(TEXT_LIMITS.section.title, 'a title'),
  slug: slug(SECTION_SLUG_MAX),
  description: z.string().optional(),
})

export const agencyDocument = z.object({
  ...systemFields,
  _type: z.literal('agency'),
  name: requiredText(TEXT_LIMITS.agency.name, 'a name'),
  shortName: requiredText(TEXT_LIMITS.agency.shortName, 'a short name'),
  url: httpUrl.optional(),
})

export const legalNoticeDocument = z.object({
  ...systemFields,
  _type: z.literal('legalNotice'),
  title: requiredText(TEXT_LIMITS.legalNotice.title, 'a title'),
  body: storedSimpleText,
  link: z
    .object({
      _type: z.literal('labelledLink').optional(),
      label: requiredText(TEXT_LIMITS.labelledLink.label, 'a link label'),
      url: safeHref,
    })
    .optional(),
  audience: z.discriminatedUnion(
    'scope',
    [
      z.object({ scope: z.literal('everyone'), regions: z.array(z.string()).optional() }),
      z.object({
        scope: z.literal('regions'),
        regions: z.array(regionCode).min(1, { error: 'name at least one region' }),
      }),
    ],
    { error: (issue) => (issue.code === 'invalid_union' ? 'audience.scope must be "everyone" or "regions"' : undefined) },
  ),
  placement: z.enum(LEGAL_NOTICE_PLACEMENTS),
})

export const breakingNewsDocument = z
  .object({
    ...systemFields,
    _type: z.literal('breakingNews'),
    headline: requiredText(TEXT_LIMITS.breakingNews.headline, 'a headline'),
    article: reference.optional(),
    activeFrom: isoDateTime,
    activeUntil: isoDateTime.optional(),
  })
  .superRefine((doc, ctx) => {
    if (doc.activeUntil && Date.parse(doc.activeUntil) <= Date.parse(doc.activeFrom)) {
      ctx.addIssue({ code: 'custom', path: ['activeUntil'], message: 'the end must come after the start' })
    }
  })

export const siteSettingsDocument = z.object({
  ...systemFields,
  _id: z.union([z.literal(SITE_SETTINGS_ID), z.literal(`drafts.${SITE_SETTINGS_ID}`)], {
    error: `site settings live under the id "${SITE_SETTINGS_ID}"`,
  }),
  _type: z.literal('siteSettings'),
  siteName: requiredText(TEXT_LIMITS.siteSettings.siteName, 'a site name'),
  description: optionalText(TEXT_LIMITS.siteSettings.description).optional(),
  language: languageTag,
  publisher: z.object({
    name: requiredText(TEXT_LIMITS.siteSettings.publisherName, 'a publisher name'),
    url: httpUrl.optional(),
    logo: storedFigure.optional(),
  }),
  baseUrl: httpUrl,
  defaultLegalNotices: z
    .array(keyedReference)
    .refine(refsAreUnique, uniqueRefs('defaultLegalNotices'))
    .optional(),
})

/** Image asset documents, as the lake (or Sanity) writes them on upload. */
export const imageAssetDocument = z.object({
  ...systemFields,
  _id: z.string().regex(/^image-[A-Za-z0-9]+-\d+x\d+-[a-z0-9]+$/, { error: 'expected image-<hash>-<w>x<h>-<ext>' }),
  _type: z.literal('sanity.imageAsset'),
  url: z.string().optional(),
  path: z.string().optional(),
  assetId: z.string().optional(),
  sha1hash: z.string().optional(),
  extension: z.string().optional(),
  mimeType: z.string().regex(/^image\//).optional(),
  size: z.number().int().nonnegative().optional(),
  originalFilename: z.string().optional(),
  metadata: z
    .object({
      dimensions: z
        .object({ width: z.number().positive(), height: z.number().positive(), aspectRatio: z.number().positive().optional() })
        .optional(),
      lqip: z.string().optional(),
      hasAlpha: z.boolean().optional(),
      isOpaque: z.boolean().optional(),
    })
    .optional(),
})

/** Every stored document type we know, by `_type`. */
export const documentModels: Record<string, z.ZodType> = {
  article: articleDocument,
  section: sectionDocument,
  agency: agencyDocument,
  legalNotice: legalNoticeDocument,
  breakingNews: breakingNewsDocument,
  siteSettings: siteSettingsDocument,
  'sanity.imageAsset': imageAssetDocument,
}

export type ValidationResult = { ok: true } | { ok: false; issues: Issue[] }

/**
 * Checks one stored document against the model of its `_type`. Issue paths read like
 * `body[3].children[0].text`. Unknown types are refused: the site would not know how to show them.
 */
export function validateStoredDocument(doc: unknown): ValidationResult {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return { ok: false, issues: [{ path: '(root)', message: 'expected a document (a JSON object)' }] }
  }
  const type = (doc as { _type?: unknown })._type
  if (typeof type !== 'string' || type.length === 0) {
    return { ok: false, issues: [{ path: '_type', message: 'a document needs a _type' }] }
  }
  const model = Object.hasOwn(documentModels, type) ? documentModels[type] : undefined
  if (!model) {
    return {
      ok: false,
      issues: [{ path: '_type', message: `unknown document type "${type}" (known: ${Object.keys(documentModels).join(', ')})` }],
    }
  }
  const result = model.safeParse(doc)
  return result.success ? { ok: true } : { ok: false, issues: toIssues(result.error) }
}
