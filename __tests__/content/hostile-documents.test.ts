/**
 * Hostile documents (issue 10): random and adversarial values through every stored-document model
 * (`validateStoredDocument`), the article query model and its degrade rules (`toArticleView`), and
 * the JSON-LD serializer. Nothing throws: each input is either a clear list of issues or a safe
 * view; CMS text can never end the JSON-LD <script> element or open a comment in it.
 */
import fc from 'fast-check'
import { articleJsonLd, serializeJsonLd } from '@/app/(site)/articles/[slug]/structured-data'
import { toArticleView } from '@/lib/content/article'
import { documentModels, validateStoredDocument } from '@/lib/content/documents'
import type { SiteSettingsView } from '@/lib/content/view-models'
import { LEAD_ARTICLE_ID, readSeed, seedDoc } from './seed'

/** Strings aimed at HTML, script and JSON contexts, mixed with arbitrary unicode. */
const HOSTILE = [
  '</script><script>alert(1)</script>',
  '</SCRIPT >',
  '<!--',
  '-->',
  '<script',
  '"><img src=x onerror=alert(1)>',
  "' onmouseover='alert(1)",
  'javascript:alert(1)',
  '\u2028\u2029',
  '\u0000\ud800',
  '${{7*7}}',
  '__proto__',
  '&lt;&amp;',
  'x'.repeat(10_000),
]
const hostileString = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: 'grapheme', maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 40 }))
const hostileValue = fc.oneof(hostileString, fc.anything({ maxDepth: 3 }), fc.constant(null), fc.constant(undefined))

const seed = readSeed()
const typesInSeed = [...new Set(seed.map((doc) => String(doc._type)))]

let consoleError: jest.SpyInstance
beforeEach(() => {
  consoleError = jest.spyOn(console, 'error').mockImplementation(() => {})
})
afterEach(() => consoleError.mockRestore())

/** Sets `value` at a random path of `doc` (an existing key at each level when there is one). */
function mutateAt(doc: unknown, choices: number[], value: unknown): unknown {
  const copy = structuredClone(doc) as Record<string, unknown>
  let target: Record<string, unknown> = copy
  for (const [depth, choice] of choices.entries()) {
    const keys = Object.keys(target)
    if (!keys.length) break
    const key = keys[choice % keys.length]
    const next = target[key]
    if (depth === choices.length - 1 || next === null || typeof next !== 'object') {
      target[key] = value
      return copy
    }
    target = next as Record<string, unknown>
  }
  return copy
}

function expectValidationShape(result: ReturnType<typeof validateStoredDocument>) {
  if (result.ok) return
  expect(result.issues.length).toBeGreaterThan(0)
  for (const issue of result.issues) {
    expect(typeof issue.path).toBe('string')
    expect(typeof issue.message).toBe('string')
  }
}

describe('stored-document models', () => {
  it('cover every type in the seed', () => {
    for (const type of typesInSeed.filter((t) => !t.startsWith('sanity.'))) expect(Object.keys(documentModels)).toContain(type)
  })

  it('answer arbitrary values with issues, never an exception', () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(documentModels)), fc.dictionary(fc.string({ maxLength: 12 }), hostileValue, { maxKeys: 8 }), (type, fields) => {
        expectValidationShape(validateStoredDocument({ ...fields, _type: type, _id: 'x' }))
      }),
      { numRuns: 300 },
    )
    fc.assert(fc.property(fc.anything(), (value) => expectValidationShape(validateStoredDocument(value))), { numRuns: 200 })
  })

  it('answer seed documents with one hostile value anywhere, never an exception', () => {
    fc.assert(
      fc.property(fc.constantFrom(...seed), fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), hostileValue, (doc, path, value) => {
        expectValidationShape(validateStoredDocument(mutateAt(doc, path, value)))
      }),
      { numRuns: 500 },
    )
  })
})

/** A valid `articleBySlugQuery` result built from the seed article, with hostile text where editors type. */
function rawArticle(text: { headline: string; dek: string; kicker: string; section: string; agency: string; tag: string; paragraph: string }) {
  const doc = seedDoc(LEAD_ARTICLE_ID)
  return {
    _id: doc._id,
    headline: text.headline,
    slug: doc.slug.current,
    kicker: text.kicker,
    dek: text.dek,
    publishedAt: doc.publishedAt,
    updatedAt: null,
    breaking: false,
    section: { _id: 'section-x', title: text.section, slug: 'middle-east' },
    leadFigure: null,
    body: [{ _type: 'block', _key: 'p1', style: 'normal', listItem: null, level: null, markDefs: [], children: [{ _type: 'span', _key: 's1', text: text.paragraph, marks: [] }] }],
    attribution: { label: text.agency, text: null, agencies: [{ _id: 'agency-x', name: text.agency, shortName: text.agency, url: null }] },
    legalNotices: [],
    defaultLegalNotices: [],
    related: [],
    tags: [text.tag],
    corrections: [],
  }
}

const editorText = fc.record({ headline: hostileString, dek: hostileString, kicker: hostileString, section: hostileString, agency: hostileString, tag: hostileString, paragraph: hostileString })
const settings: SiteSettingsView = { siteName: 'News', description: null, language: 'en', publisher: { name: 'News', url: null }, baseUrl: 'https://news.example', sections: [] }

describe('the article model and its degrade rules', () => {
  it('turn hostile query results into a view or null, never an exception', () => {
    fc.assert(
      fc.property(editorText, fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), hostileValue, (text, path, value) => {
        const view = toArticleView(mutateAt(rawArticle(text), path, value))
        expect(view === null || typeof view.headline === 'string').toBe(true)
      }),
      { numRuns: 500 },
    )
    fc.assert(fc.property(fc.anything(), (value) => void toArticleView(value)), { numRuns: 200 })
  })
})

describe('JSON-LD', () => {
  it('keeps any CMS text inside its <script> element and round-trips it', () => {
    fc.assert(
      fc.property(editorText, (text) => {
        const view = toArticleView(rawArticle(text))
        fc.pre(view !== null)
        const data = articleJsonLd(view!, { ...settings, siteName: text.section, publisher: { name: text.agency, url: null } }, true)
        const serialized = serializeJsonLd(data)
        expect(serialized).not.toMatch(/<\/script/i)
        expect(serialized).not.toContain('<!--')
        expect(serialized).not.toContain('<')
        expect(serialized).not.toMatch(/[\u2028\u2029]/)
        expect(JSON.parse(serialized)).toEqual(JSON.parse(JSON.stringify(data)))
      }),
      { numRuns: 500 },
    )
  })
})
