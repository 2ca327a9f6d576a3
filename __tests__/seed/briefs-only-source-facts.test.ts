/**
 * The related briefs may only restate what the source page reports. Automated guard:
 * every number and every capitalised name in a brief occurs in the source page, every word of a
 * (title-case) headline occurs in the source, and any quotation is quoted verbatim from it.
 */
import { readNdjson, SEED_FILE } from '../dataset/run-tsx'
import { readSourcePage } from './source-page'

type Doc = Record<string, any>
const STORY_ID = 'article-erdogan-putin-moscow-talks'
const documents = readNdjson(SEED_FILE)
const story = documents.find((doc) => doc._id === STORY_ID) as Doc
const briefs = documents.filter((doc) => doc._type === 'article' && doc._id !== STORY_ID)

const page = readSourcePage()
const tokens = (text: string) => text.match(/[A-Za-z]+|\d+/g) ?? []
const sourceTokens = new Set(tokens(page))
const sourceTokensLower = new Set(tokens(page).map((token) => token.toLowerCase()))

/** Sentences of a paragraph (split after . ! ? followed by a space). */
const sentences = (text: string) => text.split(/(?<=[.!?]["”]?)\s+/).filter(Boolean)

/** Numbers and capitalised words of a sentence that the source does not have. */
function unsupportedTokens(sentence: string): string[] {
  const words = tokens(sentence.replace(/^["“]/, ''))
  return words.filter((word, index) => {
    if (/^\d+$/.test(word)) return !sourceTokens.has(word)
    if (index === 0) return !sourceTokensLower.has(word.toLowerCase())
    if (/^[A-Z]/.test(word)) return !sourceTokens.has(word)
    return false
  })
}

const textOf = (block: Doc) => block.children.map((span: Doc) => span.text).join('')

describe('related briefs', () => {
  it('there are at least 3 of them', () => {
    expect(briefs.length).toBeGreaterThanOrEqual(3)
  })

  describe.each(briefs.map((brief) => [brief._id, brief] as const))('%s', (_id, brief) => {
    const paragraphs: string[] = brief.body.map(textOf)

    it('has a headline whose every word is in the source', () => {
      expect(tokens(brief.headline).filter((word) => !sourceTokensLower.has(word.toLowerCase()))).toEqual([])
    })

    it('names no number or capitalised name the source does not', () => {
      const unsupported = [brief.dek, brief.kicker, ...paragraphs].flatMap((text: string) => sentences(text).flatMap(unsupportedTokens))
      expect(unsupported).toEqual([])
    })

    it('quotes only what the source quotes', () => {
      const quotes = paragraphs.flatMap((text) => text.match(/"[^"]+"/g) ?? [])
      for (const quote of quotes) expect(page).toContain(quote)
    })

    it('has only source words as tags', () => {
      for (const tag of brief.tags) expect(sourceTokens.has(tag)).toBe(true)
    })

    it('is a short brief: a dek and 2 to 4 plain paragraphs', () => {
      expect(brief.dek.length).toBeGreaterThan(20)
      expect(paragraphs.length).toBeGreaterThanOrEqual(2)
      expect(paragraphs.length).toBeLessThanOrEqual(4)
      expect(paragraphs.join(' ')).not.toMatch(/lorem|ipsum/i)
    })

    it('is dated 2 March 2020, attributed like the story, with its legal notice and section', () => {
      expect(brief.publishedAt.startsWith('2020-03-02T')).toBe(true)
      expect(brief.attribution).toEqual(story.attribution)
      expect(brief.legalNotices).toEqual(story.legalNotices)
      expect(brief.section).toEqual(story.section)
      expect(brief.slug.current).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
    })

    it('uses no figure, or the stand-in one', () => {
      if (brief.leadFigure) expect(brief.leadFigure._sanityAsset).toBe(story.leadFigure._sanityAsset)
    })

    it('is linked with the story both ways', () => {
      expect(brief.related.map((ref: Doc) => ref._ref)).toContain(STORY_ID)
      expect(story.related.map((ref: Doc) => ref._ref)).toContain(brief._id)
    })
  })

  it('the guard itself catches an invented name or number', () => {
    expect(unsupportedTokens('Foreign Minister Sergei Lavrov said 42 soldiers died.')).toEqual(['Foreign', 'Minister', 'Sergei', 'Lavrov', '42'])
    expect(unsupportedTokens('Turkey killed 19 Syrian soldiers in drone strikes on March 1.')).toEqual([])
  })
})
