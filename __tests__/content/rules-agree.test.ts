/**
 * The content rules are written once (`lib/content-rules`) and enforced twice: by Sanity's schema
 * (`validateDocument`, what Studio and `npm run content -- validate` run) and by the zod document
 * models (`validateStoredDocument`, what imports, the content CLI and the site run). This test feeds
 * the same documents to both: every seed document and every value exactly at a limit must pass
 * both; every invalid variant must be refused by both, each naming the field that breaks the rule.
 *
 * Sanity runs in a tsx child process (__tests__/schemas/validate-with-sanity.ts): its packages are
 * ES modules this repo's jest config does not transform.
 *
 * Rules only one side can check, on purpose not listed here: slug uniqueness and whether references
 * resolve (Sanity, given the dataset; the dataset checks do both for files), `_key`s on array items
 * and the form of image asset ids (zod and the dataset checks; Studio writes them itself).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {
  ARTICLE_SLUG_MAX,
  RELATED_MAX,
  SECTION_SLUG_MAX,
  TAGS_MAX,
  TEXT_LIMITS,
} from '@/lib/content-rules'
import { validateStoredDocument } from '@/lib/content/documents'
import { runTsx } from '../dataset/run-tsx'
import { LEAD_ARTICLE_ID, readSeed } from './seed'

jest.setTimeout(120_000)

type Doc = Record<string, any>
interface Case {
  name: string
  /** The top-level field both validators must name (paths start with it). */
  field: string
  document: Doc
}
interface SanityResult {
  name: string
  errors: Array<{ path: string; message: string }>
}

const SECTION_ID = 'section-middle-east'
const AGENCY_ID = 'agency-afp'
const NOTICE_ID = 'legal-notice-undesirable-ru'
const BREAKING_ID = 'breaking-erdogan-putin-talks'
const SETTINGS_ID = 'siteSettings'
const IMAGE_ASSET_ID = `image-${'a'.repeat(40)}-1600x900-png`

/** `_sanityAsset` (export form) → `asset._ref` (imported form): Sanity's validator needs the latter. */
function imported(value: unknown): any {
  if (Array.isArray(value)) return value.map(imported)
  if (!value || typeof value !== 'object') return value
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) =>
      key === '_sanityAsset' ? ['asset', { _type: 'reference', _ref: IMAGE_ASSET_ID }] : [key, imported(child)],
    ),
  )
}

const seed: Doc[] = readSeed().map(imported)

function variant(id: string, change: (doc: Doc) => void): Doc {
  const doc = structuredClone(seed.find((d) => d._id === id))
  if (!doc) throw new Error(`seed has no ${id}`)
  change(doc)
  return doc
}

const refs = (ids: string[]) => ids.map((id, i) => ({ _type: 'reference', _key: `k${i}`, _ref: id }))
const withLink = (href: unknown) => (doc: Doc) => {
  doc.body[1].markDefs = [{ _type: 'link', _key: 'l1', href }]
  doc.body[1].children[0].marks = ['l1']
}
const correction = (fields: Doc) => (doc: Doc) => {
  doc.corrections = [{ _type: 'correction', _key: 'c1', type: 'correction', date: '2020-03-03T09:00:00Z', text: 'A name was misspelled.', ...fields }]
}
const over = (limit: { max?: number }) => 'a'.repeat(limit.max! + 1)

const article = (name: string, field: string, change: (doc: Doc) => void): Case => ({ name, field, document: variant(LEAD_ARTICLE_ID, change) })
const of = (id: string) => (name: string, field: string, change: (doc: Doc) => void): Case => ({ name, field, document: variant(id, change) })
const section = of(SECTION_ID)
const agency = of(AGENCY_ID)
const notice = of(NOTICE_ID)
const breaking = of(BREAKING_ID)
const settings = of(SETTINGS_ID)

const valid: Case[] = [
  ...seed.map((document) => ({ name: `seed ${document._id}`, field: '', document })),
  article('slug of exactly the article maximum', 'slug', (d) => (d.slug.current = 'a'.repeat(ARTICLE_SLUG_MAX))),
  section('slug of exactly the section maximum', 'slug', (d) => (d.slug.current = 'a'.repeat(SECTION_SLUG_MAX))),
  article('headline of exactly the minimum', 'headline', (d) => (d.headline = 'a'.repeat(TEXT_LIMITS.article.headline.min))),
  article('headline of exactly the maximum', 'headline', (d) => (d.headline = 'a'.repeat(TEXT_LIMITS.article.headline.max))),
  article('alt text of exactly the minimum', 'leadFigure', (d) => (d.leadFigure.alt = 'a'.repeat(TEXT_LIMITS.figure.alt.min))),
  article('as many related stories as allowed', 'related', (d) => (d.related = refs(Array.from({ length: RELATED_MAX }, (_, i) => `article-${i}`)))),
  article('as many tags as allowed', 'tags', (d) => (d.tags = Array.from({ length: TAGS_MAX }, (_, i) => `tag ${i}`))),
  article('mailto: and relative links', 'body', (d) => {
    d.body[1].markDefs = [
      { _type: 'link', _key: 'l1', href: 'mailto:desk@example.org' },
      { _type: 'link', _key: 'l2', href: '/sections/middle-east' },
    ]
    d.body[1].children[0].marks = ['l1', 'l2']
  }),
  article('an update time with an offset', 'updatedAt', (d) => (d.updatedAt = '2020-03-02T16:00:00+02:00')),
  settings('a region-qualified language tag', 'language', (d) => (d.language = 'en-GB')),
  settings('the draft of the settings', '_id', (d) => (d._id = 'drafts.siteSettings')),
]

const invalid: Case[] = [
  // Slugs
  article('article slug one over the maximum', 'slug', (d) => (d.slug.current = 'a'.repeat(ARTICLE_SLUG_MAX + 1))),
  article('article slug with capitals and a double hyphen', 'slug', (d) => (d.slug.current = 'Turkey--Erdogan')),
  article('article slug with a space', 'slug', (d) => (d.slug.current = 'turkey erdogan')),
  article('article slug missing', 'slug', (d) => delete d.slug),
  section('section slug one over the maximum', 'slug', (d) => (d.slug.current = 'a'.repeat(SECTION_SLUG_MAX + 1))),
  section('section slug with bad characters', 'slug', (d) => (d.slug.current = 'Middle_East')),
  section('section slug empty', 'slug', (d) => (d.slug.current = '')),
  // Language tag, ids
  settings('language that is not a BCP 47 tag', 'language', (d) => (d.language = 'English')),
  settings('language with an upper-case primary tag', 'language', (d) => (d.language = 'EN')),
  settings('language missing', 'language', (d) => delete d.language),
  settings('settings under another id', '_id', (d) => (d._id = 'settings-2')),
  // Required fields
  article('headline missing', 'headline', (d) => delete d.headline),
  article('section missing', 'section', (d) => delete d.section),
  article('publication time missing', 'publishedAt', (d) => delete d.publishedAt),
  article('body missing', 'body', (d) => delete d.body),
  article('body empty', 'body', (d) => (d.body = [])),
  section('section title missing', 'title', (d) => delete d.title),
  agency('agency name missing', 'name', (d) => delete d.name),
  agency('agency short name missing', 'shortName', (d) => delete d.shortName),
  notice('notice title missing', 'title', (d) => delete d.title),
  notice('notice body empty', 'body', (d) => (d.body = [])),
  notice('notice audience missing', 'audience', (d) => delete d.audience),
  notice('notice placement missing', 'placement', (d) => delete d.placement),
  notice('notice link without a label', 'link', (d) => delete d.link.label),
  breaking('breaking headline missing', 'headline', (d) => delete d.headline),
  breaking('breaking start missing', 'activeFrom', (d) => delete d.activeFrom),
  settings('site name missing', 'siteName', (d) => delete d.siteName),
  settings('publisher missing', 'publisher', (d) => delete d.publisher),
  settings('publisher name missing', 'publisher', (d) => delete d.publisher.name),
  settings('base URL missing', 'baseUrl', (d) => delete d.baseUrl),
  // Required texts that are only spaces, or long enough only with their padding
  section('section title of spaces', 'title', (d) => (d.title = '   ')),
  agency('agency short name of spaces', 'shortName', (d) => (d.shortName = ' ')),
  notice('notice link label of spaces', 'link', (d) => (d.link.label = '  ')),
  breaking('breaking headline of spaces', 'headline', (d) => (d.headline = '  ')),
  settings('site name of spaces', 'siteName', (d) => (d.siteName = '  ')),
  settings('publisher name of spaces', 'publisher', (d) => (d.publisher.name = ' ')),
  article('headline short but padded', 'headline', (d) => (d.headline = '   abc   ')),
  article('alt text short but padded', 'leadFigure', (d) => (d.leadFigure.alt = '  ab  ')),
  article('empty tag', 'tags', (d) => (d.tags = ['Turkey', ''])),
  // Lengths
  article('headline too short', 'headline', (d) => (d.headline = 'a'.repeat(TEXT_LIMITS.article.headline.min - 1))),
  article('headline too long', 'headline', (d) => (d.headline = over(TEXT_LIMITS.article.headline))),
  article('headline too long with its trailing space', 'headline', (d) => (d.headline = `${'a'.repeat(TEXT_LIMITS.article.headline.max)} `)),
  article('kicker too long', 'kicker', (d) => (d.kicker = over(TEXT_LIMITS.article.kicker))),
  article('dek too long', 'dek', (d) => (d.dek = over(TEXT_LIMITS.article.dek))),
  section('section title too long', 'title', (d) => (d.title = over(TEXT_LIMITS.section.title))),
  agency('agency name too long', 'name', (d) => (d.name = over(TEXT_LIMITS.agency.name))),
  agency('agency short name too long', 'shortName', (d) => (d.shortName = over(TEXT_LIMITS.agency.shortName))),
  notice('notice title too long', 'title', (d) => (d.title = over(TEXT_LIMITS.legalNotice.title))),
  notice('notice link label too long', 'link', (d) => (d.link.label = over(TEXT_LIMITS.labelledLink.label))),
  breaking('breaking headline too long', 'headline', (d) => (d.headline = over(TEXT_LIMITS.breakingNews.headline))),
  settings('site name too long', 'siteName', (d) => (d.siteName = over(TEXT_LIMITS.siteSettings.siteName))),
  settings('site description too long', 'description', (d) => (d.description = over(TEXT_LIMITS.siteSettings.description))),
  article('alt text missing', 'leadFigure', (d) => delete d.leadFigure.alt),
  article('alt text too short', 'leadFigure', (d) => (d.leadFigure.alt = 'a'.repeat(TEXT_LIMITS.figure.alt.min - 1))),
  article('alt text too long', 'leadFigure', (d) => (d.leadFigure.alt = over(TEXT_LIMITS.figure.alt))),
  article('caption too long', 'leadFigure', (d) => (d.leadFigure.caption = over(TEXT_LIMITS.figure.caption))),
  article('credit too long', 'leadFigure', (d) => (d.leadFigure.credit = over(TEXT_LIMITS.figure.credit))),
  article('figure without its image', 'leadFigure', (d) => delete d.leadFigure.asset),
  article('inline figure without alt text', 'body', (d) => d.body.push({ _type: 'figure', _key: 'f1', asset: { _type: 'reference', _ref: IMAGE_ASSET_ID } })),
  article('attribution label too long', 'attribution', (d) => (d.attribution.label = over(TEXT_LIMITS.attribution.label))),
  article('attribution text too long', 'attribution', (d) => (d.attribution.text = over(TEXT_LIMITS.attribution.text))),
  article('attribution naming nobody', 'attribution', (d) => (d.attribution = { _type: 'attribution', agencies: [], text: ' ' })),
  article('correction text too short', 'corrections', correction({ text: 'a'.repeat(TEXT_LIMITS.correction.text.min - 1) })),
  article('correction text too long', 'corrections', correction({ text: over(TEXT_LIMITS.correction.text) })),
  article('correction of an unknown type', 'corrections', correction({ type: 'retraction' })),
  article('correction without a date', 'corrections', correction({ date: undefined })),
  // Lists
  article('one related story too many', 'related', (d) => (d.related = refs(Array.from({ length: RELATED_MAX + 1 }, (_, i) => `article-${i}`)))),
  article('the same related story twice', 'related', (d) => (d.related = refs(['article-x', 'article-x']))),
  article('related to itself', 'related', (d) => (d.related = refs([LEAD_ARTICLE_ID]))),
  article('one tag too many', 'tags', (d) => (d.tags = Array.from({ length: TAGS_MAX + 1 }, (_, i) => `tag ${i}`))),
  article('the same tag twice', 'tags', (d) => (d.tags = ['Turkey', 'Turkey'])),
  article('the same legal notice twice', 'legalNotices', (d) => (d.legalNotices = refs([NOTICE_ID, NOTICE_ID]))),
  settings('the same default notice twice', 'defaultLegalNotices', (d) => (d.defaultLegalNotices = refs([NOTICE_ID, NOTICE_ID]))),
  // Dates
  article('publication time that is not a date', 'publishedAt', (d) => (d.publishedAt = '2 March 2020')),
  article('publication time without a time zone', 'publishedAt', (d) => (d.publishedAt = '2020-03-02T10:00:00')),
  article('update time without seconds', 'updatedAt', (d) => (d.updatedAt = '2020-03-02T14:00Z')),
  article('update time on a day that does not exist', 'updatedAt', (d) => (d.updatedAt = '2020-02-30T14:00:00Z')),
  article('update before publication', 'updatedAt', (d) => (d.updatedAt = '2020-03-01T00:00:00Z')),
  breaking('banner start without a time zone', 'activeFrom', (d) => (d.activeFrom = '2020-03-02T10:00:00')),
  breaking('banner ending before it starts', 'activeUntil', (d) => (d.activeUntil = '2020-03-01T00:00:00Z')),
  breaking('banner ending as it starts', 'activeUntil', (d) => (d.activeUntil = d.activeFrom)),
  // URL schemes
  article('javascript: link', 'body', withLink('javascript:alert(1)')),
  article('data: link', 'body', withLink('data:text/html,<script>alert(1)</script>')),
  article('protocol-relative link', 'body', withLink('//evil.example/x')),
  article('mailto: without an address', 'body', withLink('mailto:')),
  article('http link without a host', 'body', withLink('http://')),
  article('link with a space', 'body', withLink('https://example.org/a b')),
  article('link without an href', 'body', withLink(undefined)),
  notice('notice link to javascript:', 'link', (d) => (d.link.url = 'javascript:alert(1)')),
  notice('notice link to another host, protocol-relative', 'link', (d) => (d.link.url = '//evil.example')),
  agency('agency site on ftp:', 'url', (d) => (d.url = 'ftp://afp.com')),
  agency('agency site as mailto:', 'url', (d) => (d.url = 'mailto:desk@afp.com')),
  agency('agency site as a relative path', 'url', (d) => (d.url = '/afp')),
  settings('base URL on ftp:', 'baseUrl', (d) => (d.baseUrl = 'ftp://example.org')),
  settings('publisher site as mailto:', 'publisher', (d) => (d.publisher.url = 'mailto:press@example.org')),
  // Portable Text
  article('body block styled h1', 'body', (d) => (d.body[0].style = 'h1')),
  article('body block of an unknown type', 'body', (d) => (d.body[3] = { _type: 'youtube', _key: 'yt1', url: 'x' })),
  article('body list of an unknown type', 'body', (d) => (d.body[0].listItem = 'checkbox')),
  article('mark with no definition', 'body', (d) => (d.body[0].children[0].marks = ['nope'])),
  article('annotation of an unknown type', 'body', (d) => (d.body[1].markDefs = [{ _type: 'footnote', _key: 'n1' }])),
  article('block without spans', 'body', (d) => (d.body[0].children = [])),
  article('span text that is not a string', 'body', (d) => (d.body[3].children[0].text = 42)),
  notice('notice paragraph styled h2', 'body', (d) => (d.body[0].style = 'h2')),
  notice('notice paragraph in a list', 'body', (d) => (d.body[0].listItem = 'bullet')),
  // Choices and codes
  notice('region that is not an ISO code', 'audience', (d) => (d.audience = { scope: 'regions', regions: ['ru'] })),
  notice('regional notice without regions', 'audience', (d) => (d.audience = { scope: 'regions', regions: [] })),
  notice('audience of an unknown scope', 'audience', (d) => (d.audience.scope = 'world')),
  notice('placement of an unknown kind', 'placement', (d) => (d.placement = 'sidebar')),
  // Wrong types
  article('headline that is a number', 'headline', (d) => (d.headline = 12345)),
  article('tags as one string', 'tags', (d) => (d.tags = 'Turkey, Russia')),
]

const casesFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rules-agree-')), 'cases.json')
const sanity = new Map<string, SanityResult['errors']>()

beforeAll(async () => {
  const all = [...valid, ...invalid]
  const names = all.map((c) => c.name)
  expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([])
  fs.writeFileSync(casesFile, JSON.stringify(all.map(({ name, document }) => ({ name, document }))))
  const result = await runTsx(path.join(__dirname, '../schemas/validate-with-sanity.ts'), [casesFile])
  if (result.code !== 0) throw new Error(`validate-with-sanity.ts failed:\n${result.stderr}`)
  for (const { name, errors } of JSON.parse(result.stdout) as SanityResult[]) sanity.set(name, errors)
})

afterAll(() => fs.rmSync(path.dirname(casesFile), { recursive: true, force: true }))

function zodIssues(document: Doc) {
  const result = validateStoredDocument(document)
  return result.ok ? [] : result.issues
}

/** Matches a path that is `field` or inside it (`slug.current`, `body[_key=="p01"].style`, `tags[1]`). */
function within(field: string): RegExp {
  return new RegExp(`^${field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[.[])`)
}

describe('Sanity schema and zod models agree', () => {
  it('the shared rules module imports nothing (neither Sanity nor zod)', () => {
    const source = fs.readFileSync(path.resolve(__dirname, '../../lib/content-rules/index.ts'), 'utf8')
    expect(source).not.toMatch(/^\s*import\b|\brequire\(|\bimport\(/m)
  })

  it.each(valid.map((c) => [c.name, c] as const))('both accept: %s', (name, { document }) => {
    expect({ name, sanity: sanity.get(name), zod: zodIssues(document) }).toEqual({ name, sanity: [], zod: [] })
  })

  it.each(invalid.map((c) => [c.name, c] as const))('both refuse: %s', (name, { field, document }) => {
    const naming = expect.arrayContaining([expect.objectContaining({ path: expect.stringMatching(within(field)) })])
    // Both refuse, and both name the field that breaks the rule (the received issues show on failure).
    expect({ name, sanity: sanity.get(name), zod: zodIssues(document) }).toEqual({ name, sanity: naming, zod: naming })
  })
})
