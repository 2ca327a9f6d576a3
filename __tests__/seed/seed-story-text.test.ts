/** The seed story carries the original page verbatim: headline, every paragraph, caption, attribution, legal notice. */
import { readNdjson, SEED_FILE } from '../dataset/run-tsx'
import { sourceParts } from './source-page'

const STORY_ID = 'article-erdogan-putin-moscow-talks'

type Doc = Record<string, any>
const documents = readNdjson(SEED_FILE)
const byId = new Map<string, Doc>(documents.map((doc) => [doc._id, doc]))
const story = byId.get(STORY_ID) as Doc
const source = sourceParts()

/** The text of each Portable Text block, spans joined. */
function blockTexts(blocks: Doc[] | undefined): string[] {
  return (blocks ?? []).filter((block) => block._type === 'block').map((block) => block.children.map((span: Doc) => span.text).join(''))
}

describe('the source page, as the test reads it', () => {
  it('has the 11 body paragraphs the story is built from', () => {
    expect(source.body).toHaveLength(11)
    expect(source.body[0]).toMatch(/^Turkish President Recep Tayyip Erdogan and his Russian counterpart/)
    expect(source.body[10]).toMatch(/displaced close to a million civilians\.$/)
  })
})

describe('seed story', () => {
  it('exists as a published article (no drafts in the seed)', () => {
    expect(story).toBeDefined()
    expect(story._type).toBe('article')
    expect(documents.filter((doc) => String(doc._id).startsWith('drafts.'))).toEqual([])
  })

  it('has the headline exactly as in the source', () => {
    expect(story.headline).toBe(source.headline)
    expect(story.headline).toBe('Turkey: Erdogan, Putin To Meet In Moscow This Week For Syria Talks')
    expect(story.slug).toEqual({ _type: 'slug', current: 'turkey-erdogan-putin-to-meet-in-moscow-this-week-for-syria-talks' })
  })

  it('has every paragraph of the source, verbatim and in order, one normal block each', () => {
    expect(blockTexts(story.body)).toEqual(source.body)
    for (const block of story.body) {
      expect(block).toMatchObject({ _type: 'block', style: 'normal', markDefs: [] })
      expect(typeof block._key).toBe('string')
      for (const span of block.children) expect(span).toMatchObject({ _type: 'span', marks: [] })
    }
  })

  it('has the caption of the source photo on a stand-in figure with truthful alt text and credit', () => {
    const figure = story.leadFigure
    expect(figure._type).toBe('figure')
    expect(figure.caption).toBe(source.caption)
    expect(figure._sanityAsset).toMatch(/^image@file:\/\/\.\/images\/.+\.png$/)
    expect(figure.asset).toBeUndefined()
    expect(figure.alt).toMatch(/abstract graphic/i)
    expect(figure.credit).toMatch(/stand-in/i)
    expect(figure.credit).toMatch(/original photo not available/i)
  })

  it('is attributed to Reuters, AFP and TASS in that order, "Based on reporting by"', () => {
    expect(source.attribution).toBe('Based on reporting by Reuters, AFP, and TASS')
    expect(story.attribution.label).toBe('Based on reporting by')
    const agencies = story.attribution.agencies.map((ref: Doc) => byId.get(ref._ref))
    expect(agencies.map((agency: Doc) => agency.shortName)).toEqual(['Reuters', 'AFP', 'TASS'])
    expect(agencies.every((agency: Doc) => agency._type === 'agency')).toBe(true)
  })

  it('carries the legal notice with both paragraphs verbatim and the link label', () => {
    expect(story.legalNotices).toHaveLength(1)
    const notice = byId.get(story.legalNotices[0]._ref) as Doc
    expect(notice._type).toBe('legalNotice')
    expect(source.legalNotice).toHaveLength(2)
    expect(blockTexts(notice.body)).toEqual(source.legalNotice)
    expect(notice.link.label).toBe(source.linkLabel)
    expect(notice.link.label).toBe('To find out more, click here.')
    expect(notice.link.url).toBe('https://www.rferl.org/')
    // For everyone, as on the seed page: its readers in Russia mostly come through VPNs.
    expect(notice.audience).toEqual({ scope: 'everyone' })
    expect(notice.placement).toBe('articleFooter')
  })

  it('is dated 2 March 2020, published before it was updated, and marked breaking', () => {
    expect(story.publishedAt).toBe('2020-03-02T10:00:00Z')
    expect(story.updatedAt).toBe('2020-03-02T14:00:00Z')
    expect(story.breaking).toBe(true)
    expect(story.kicker).toBe('Turkey')
    expect(byId.get(story.section._ref)).toMatchObject({ _type: 'section', slug: { current: 'middle-east' } })
  })

  it('is the active breaking-news item', () => {
    const breaking = documents.filter((doc) => doc._type === 'breakingNews')
    expect(breaking).toHaveLength(1)
    expect(breaking[0]).toMatchObject({
      _id: 'breaking-erdogan-putin-talks',
      headline: source.headline,
      article: { _type: 'reference', _ref: STORY_ID },
      activeFrom: '2020-03-02T10:00:00Z',
    })
    expect(breaking[0].activeUntil).toBeUndefined()
  })

  it('links the briefs as related stories', () => {
    const related = story.related.map((ref: Doc) => byId.get(ref._ref))
    expect(related.length).toBeGreaterThanOrEqual(3)
    expect(related.every((doc: Doc | undefined) => doc?._type === 'article')).toBe(true)
  })

  it('has the site settings singleton', () => {
    expect(byId.get('siteSettings')).toMatchObject({
      _type: 'siteSettings',
      siteName: 'RFE/RL',
      publisher: { name: 'Radio Free Europe/Radio Liberty', url: 'https://www.rferl.org/' },
      language: 'en',
      baseUrl: 'http://localhost:3000',
      defaultLegalNotices: [],
    })
  })
})
