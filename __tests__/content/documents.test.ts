import { documentModels, validateStoredDocument } from '@/lib/content/documents'
import { LEAD_ARTICLE_ID, readSeed, seedDoc } from './seed'

function issuesOf(doc: unknown) {
  const result = validateStoredDocument(doc)
  if (result.ok) throw new Error('expected the document to be refused')
  return result.issues
}

describe('stored document models', () => {
  it('has a model for every stored type', () => {
    expect(Object.keys(documentModels).sort()).toEqual(
      ['agency', 'article', 'breakingNews', 'legalNotice', 'sanity.imageAsset', 'section', 'siteSettings'].sort(),
    )
  })

  it('accepts every document of the seed', () => {
    const seed = readSeed()
    expect(seed.length).toBeGreaterThan(5)
    for (const doc of seed) {
      expect({ id: doc._id, result: validateStoredDocument(doc) }).toEqual({ id: doc._id, result: { ok: true } })
    }
  })

  it('accepts an image both as exported (_sanityAsset) and as imported (asset._ref)', () => {
    const exported = seedDoc(LEAD_ARTICLE_ID)
    expect(exported.leadFigure._sanityAsset).toMatch(/^image@file:/)
    const imported = seedDoc(LEAD_ARTICLE_ID)
    delete imported.leadFigure._sanityAsset
    imported.leadFigure.asset = { _type: 'reference', _ref: `image-${'a'.repeat(40)}-1600x900-png` }
    expect(validateStoredDocument(imported)).toEqual({ ok: true })
    const neither = seedDoc(LEAD_ARTICLE_ID)
    delete neither.leadFigure._sanityAsset
    expect(issuesOf(neither)).toContainEqual({ path: 'leadFigure.asset', message: expect.stringMatching(/image is required/) })
  })

  it('accepts an image asset document as the lake writes it', () => {
    const asset = {
      _id: `image-${'b'.repeat(40)}-1600x900-png`,
      _type: 'sanity.imageAsset',
      extension: 'png',
      mimeType: 'image/png',
      size: 1234,
      metadata: { dimensions: { width: 1600, height: 900, aspectRatio: 16 / 9 } },
    }
    expect(validateStoredDocument(asset)).toEqual({ ok: true })
  })

  describe('refuses each kind of bad article, naming the path', () => {
    const cases: [string, (doc: any) => void, string, RegExp][] = [
      ['missing headline', (d) => delete d.headline, 'headline', /headline is required/],
      ['bad slug', (d) => (d.slug.current = 'Turkey--Erdogan'), 'slug.current', /lower-case letters, digits and single hyphens/],
      ['slug too long', (d) => (d.slug.current = 'a'.repeat(97)), 'slug.current', /at most 96/],
      ['image without alt', (d) => delete d.leadFigure.alt, 'leadFigure.alt', /alt text is required/],
      ['unknown block type', (d) => (d.body[3] = { _type: 'youtube', _key: 'yt1', url: 'x' }), 'body[3]._type', /unknown block type "youtube"/],
      ['wrong date', (d) => (d.publishedAt = '2 March 2020'), 'publishedAt', /ISO 8601/],
      ['date without time zone', (d) => (d.updatedAt = '2020-03-02T14:00:00'), 'updatedAt', /ISO 8601/],
      [
        'javascript: link',
        (d) => {
          d.body[1].markDefs = [{ _type: 'link', _key: 'l1', href: 'javascript:alert(1)' }]
          d.body[1].children[0].marks = ['l1']
        },
        'body[1].markDefs[0].href',
        /http\(s\), mailto: or relative/,
      ],
      ['span text not a string', (d) => (d.body[3].children[0].text = 42), 'body[3].children[0].text', /string/],
      ['mark without a definition', (d) => (d.body[0].children[0].marks = ['nope']), 'body[0].children[0].marks[0]', /unknown mark "nope"/],
      ['unknown block style', (d) => (d.body[0].style = 'h1'), 'body[0].style', /style must be one of/],
      ['empty body', (d) => (d.body = []), 'body', /at least one block/],
      ['update before publication', (d) => (d.updatedAt = '2020-03-01T00:00:00Z'), 'updatedAt', /cannot come before publication/],
      ['related to itself', (d) => (d.related = [{ _type: 'reference', _key: 'self', _ref: LEAD_ARTICLE_ID }]), 'related', /related to itself/],
      ['duplicate tags', (d) => (d.tags = ['Turkey', 'Turkey']), 'tags', /unique/],
      ['inline figure without alt', (d) => d.body.push({ _type: 'figure', _key: 'f1', _sanityAsset: 'image@file://./images/x.png' }), 'body[11].alt', /alt text is required/],
    ]
    it.each(cases)('%s', (_name, breakIt, path, message) => {
      const doc = seedDoc(LEAD_ARTICLE_ID)
      breakIt(doc)
      expect(issuesOf(doc)).toContainEqual({ path, message: expect.stringMatching(message) })
    })
  })

  it('accepts the safe kinds of link', () => {
    for (const href of ['https://www.rferl.org/a/1.html', 'http://example.org', 'mailto:desk@example.org', '/articles/x', '#notes', 'other-page']) {
      const doc = seedDoc(LEAD_ARTICLE_ID)
      doc.body[1].markDefs = [{ _type: 'link', _key: 'l1', href }]
      doc.body[1].children[0].marks = ['l1', 'strong']
      expect({ href, result: validateStoredDocument(doc) }).toEqual({ href, result: { ok: true } })
    }
    for (const href of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'java\tscript:alert(1)', ' javascript:x', 'data:text/html,x', 'vbscript:x', '//evil.example/x', 'https://']) {
      const doc = seedDoc(LEAD_ARTICLE_ID)
      doc.body[1].markDefs = [{ _type: 'link', _key: 'l1', href }]
      expect({ href, ok: validateStoredDocument(doc).ok }).toEqual({ href, ok: false })
    }
  })

  it('refuses bad documents of the other types', () => {
    const notice = seedDoc('legal-notice-undesirable-ru')
    notice.audience = { scope: 'regions', regions: ['Russia'] }
    notice.link.url = 'javascript:void(0)'
    expect(issuesOf(notice)).toEqual(
      expect.arrayContaining([
        { path: 'audience.regions[0]', message: expect.stringMatching(/ISO 3166-1/) },
        { path: 'link.url', message: expect.stringMatching(/link/) },
      ]),
    )
    const breaking = seedDoc('breaking-erdogan-putin-talks')
    breaking.activeUntil = '2020-03-01T00:00:00Z'
    expect(issuesOf(breaking)).toContainEqual({ path: 'activeUntil', message: 'the end must come after the start' })
    const settings = seedDoc('siteSettings')
    settings.language = 'English'
    settings.baseUrl = 'ftp://example.org'
    expect(issuesOf(settings).map((i) => i.path)).toEqual(['language', 'baseUrl'])
    const agency = seedDoc('agency-afp')
    delete agency.shortName
    expect(issuesOf(agency).map((i) => i.path)).toEqual(['shortName'])
    const section = seedDoc('section-middle-east')
    section.slug.current = 'Middle East'
    expect(issuesOf(section).map((i) => i.path)).toEqual(['slug.current'])
  })

  it('refuses unknown types and non-documents', () => {
    expect(issuesOf({ _id: 'x', _type: 'video' })).toEqual([{ path: '_type', message: expect.stringMatching(/unknown document type "video"/) }])
    expect(issuesOf({ _id: 'x' })).toEqual([{ path: '_type', message: 'a document needs a _type' }])
    expect(issuesOf(null)).toEqual([{ path: '(root)', message: expect.any(String) }])
    expect(issuesOf({ _type: 'constructor' })[0].message).toMatch(/unknown document type/)
  })
})
