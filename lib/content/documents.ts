import { z } from 'zod'
import { hotspot, crop, storedFigure } from './models/image'
import { storedBody, storedSimpleText } from './models/portable-text'
import {
  ARTICLE_SLUG_MAX,
  arrayKey,
  documentId,
  httpUrl,
  isoDateTime,
  keyedReference,
  reference,
  safeHref,
  slugString,
  toIssues,
  uniqueBy,
  type Issue,
} from './models/primitives'

/**
 * zod models of every document type the Content Lake stores, mirroring the rules in `schemas/`.
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
    headline: z
      .string({ error: (issue) => (issue.input === undefined ? 'a headline is required' : undefined) })
      .trim()
      .min(5, { error: 'a headline needs at least 5 characters' })
      .max(200, { error: 'a headline may have at most 200 characters' }),
    slug: slug(ARTICLE_SLUG_MAX),
    section: reference,
    kicker: z.string().max(40).optional(),
    dek: z.string().max(300).optional(),
    publishedAt: isoDateTime,
    updatedAt: isoDateTime.optional(),
    breaking: z.boolean().optional(),
    leadFigure: storedFigure.optional(),
    body: storedBody,
    attribution: z
      .object({
        _type: z.literal('attribution').optional(),
        label: z.string().max(100).optional(),
        agencies: z.array(keyedReference).refine(refsAreUnique, uniqueRefs('agencies')).optional(),
        text: z.string().max(300).optional(),
      })
      .refine((a) => (a.agencies?.length ?? 0) > 0 || Boolean(a.text?.trim()), {
        error: 'name at least one agency or write a free-text attribution',
      })
      .optional(),
    legalNotices: z.array(keyedReference).refine(refsAreUnique, uniqueRefs('legalNotices')).optional(),
    related: z
      .array(keyedReference)
      .max(6, { error: 'at most 6 related stories' })
      .refine(refsAreUnique, uniqueRefs('related'))
      .optional(),
    tags: z
      .array(z.string().trim().min(1))
      .max(20, { error: 'at most 20 tags' })
      .refine((tags) => uniqueBy(tags, (tag) => tag), { error: 'tags must be unique' })
      .optional(),
    corrections: z
      .array(
        z.object({
          _type: z.literal('correction').optional(),
          _key: arrayKey,
          type: z.enum(['correction', 'clarification']),
          date: isoDateTime,
          text: z.string().trim().min(5).max(2000),
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
  title: z.string().trim().min(1, { error: 'a title is required' }).max(60),
  slug: slug(60),
  description: z.string().optional(),
})

export const agencyDocument = z.object({
  ...systemFields,
  _type: z.literal('agency'),
  name: z.string().trim().min(1, { error: 'a name is required' }).max(100),
  shortName: z.string().trim().min(1, { error: 'a short name is required' }).max(30),
  url: httpUrl.optional(),
})

export const legalNoticeDocument = z.object({
  ...systemFields,
  _type: z.literal('legalNotice'),
  title: z.string().trim().min(1, { error: 'a title is required' }).max(120),
  body: storedSimpleText,
  link: z
    .object({
      _type: z.literal('labelledLink').optional(),
      label: z.string().trim().min(1).max(200),
      url: safeHref,
    })
    .optional(),
  audience: z.discriminatedUnion(
    'scope',
    [
      z.object({ scope: z.literal('everyone'), regions: z.array(z.string()).optional() }),
      z.object({
        scope: z.literal('regions'),
        regions: z
          .array(z.string().regex(/^[A-Z]{2}$/, { error: 'expected an ISO 3166-1 alpha-2 code such as RU' }))
          .min(1, { error: 'name at least one region' }),
      }),
    ],
    { error: (issue) => (issue.code === 'invalid_union' ? 'audience.scope must be "everyone" or "regions"' : undefined) },
  ),
  placement: z.enum(['articleFooter', 'articleTop', 'siteFooter']),
})

export const breakingNewsDocument = z
  .object({
    ...systemFields,
    _type: z.literal('breakingNews'),
    headline: z.string().trim().min(1, { error: 'a headline is required' }).max(200),
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
  _id: z.union([z.literal('siteSettings'), z.literal('drafts.siteSettings')], {
    error: 'site settings live under the id "siteSettings"',
  }),
  _type: z.literal('siteSettings'),
  siteName: z.string().trim().min(1, { error: 'a site name is required' }).max(80),
  description: z.string().max(300).optional(),
  language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { error: 'expected a BCP 47 language tag such as "en"' }),
  publisher: z.object({
    name: z.string().trim().min(1, { error: 'a publisher name is required' }),
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

export type ArticleDocument = z.infer<typeof articleDocument>
export type SectionDocument = z.infer<typeof sectionDocument>
export type AgencyDocument = z.infer<typeof agencyDocument>
export type LegalNoticeDocument = z.infer<typeof legalNoticeDocument>
export type BreakingNewsDocument = z.infer<typeof breakingNewsDocument>
export type SiteSettingsDocument = z.infer<typeof siteSettingsDocument>
export type ImageAssetDocument = z.infer<typeof imageAssetDocument>

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

export { hotspot, crop }
