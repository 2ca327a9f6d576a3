/**
 * The content boundary cleans display text and holds it to the schema's lengths (issue 18, row 7):
 * C0 control characters (tab and newline kept where text may span lines, turned into spaces where
 * it may not) and bidi embedding/override/isolate characters never reach a page; a text over its
 * schema limit (a 1 MB headline) is refused, so its card, item or page is left out, not rendered.
 */
import { cleanDisplayText, TEXT_LIMITS } from '@/lib/content-rules'
import { articleCardResult } from '@/lib/content/models/article-card'
import { bodyTextBlockResult } from '@/lib/content/models/portable-text'
import { toBreakingNewsView } from '@/lib/content/breaking'
import { toNewsSitemapEntries } from '@/lib/content/distribution'

const BIDI = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069']
const C0_EXCEPT_TAB_AND_NEWLINE = Array.from({ length: 32 }, (_, code) => String.fromCharCode(code)).filter((c) => c !== '\t' && c !== '\n')

const card = (fields: Record<string, unknown>) => ({
  _id: 'article-x',
  headline: 'A headline',
  slug: 'a-story',
  dek: null,
  kicker: null,
  publishedAt: '2020-03-02T10:00:00Z',
  updatedAt: null,
  thumbnail: null,
  ...fields,
})

let consoleError: jest.SpyInstance
beforeEach(() => {
  consoleError = jest.spyOn(console, 'error').mockImplementation(() => {})
})
afterEach(() => consoleError.mockRestore())

describe('cleanDisplayText', () => {
  it('removes every C0 control but tab and newline, DEL, and the bidi controls', () => {
    const hostile = `a${C0_EXCEPT_TAB_AND_NEWLINE.join('')}\u007Fb${BIDI.join('')}c`
    expect(cleanDisplayText(hostile, { multiline: true })).toBe('abc')
    expect(cleanDisplayText('line one\n\tline two', { multiline: true })).toBe('line one\n\tline two')
  })

  it('turns tabs and line breaks into spaces in single-line text; leaves other text alone', () => {
    expect(cleanDisplayText('one\ntwo\tthree')).toBe('one two three')
    expect(cleanDisplayText('Ünïcödé — “quotes” עברית 中文 \u200F')).toBe('Ünïcödé — “quotes” עברית 中文 \u200F')
  })
})

describe('query-result models', () => {
  it('clean a headline, dek and kicker (U+0007, U+202E)', () => {
    const parsed = articleCardResult.parse(card({ headline: 'Bell\u0007 \u202Eevil\u202C', dek: 'A\u0000 dek\u2066', kicker: '\u202Dkick' }))
    expect(parsed).toMatchObject({ headline: 'Bell evil', dek: 'A dek', kicker: 'kick' })
  })

  it('refuse a headline, dek or kicker over the schema limit (a 1 MB headline)', () => {
    expect(articleCardResult.safeParse(card({ headline: 'x'.repeat(1024 * 1024) })).success).toBe(false)
    expect(articleCardResult.safeParse(card({ headline: 'x'.repeat(TEXT_LIMITS.article.headline.max) })).success).toBe(true)
    expect(articleCardResult.safeParse(card({ dek: 'x'.repeat(TEXT_LIMITS.article.dek.max + 1) })).success).toBe(false)
    expect(articleCardResult.safeParse(card({ kicker: 'x'.repeat(TEXT_LIMITS.article.kicker.max + 1) })).success).toBe(false)
  })

  it('a headline of only control characters counts as missing', () => {
    expect(articleCardResult.safeParse(card({ headline: '\u0007\u202E' })).success).toBe(false)
  })

  it('clean body text but keep its line breaks', () => {
    const block = bodyTextBlockResult.parse({
      _type: 'block', _key: 'b', style: 'normal', listItem: null, level: null, markDefs: [],
      children: [{ _type: 'span', _key: 's', text: 'First\u0007 line\nsecond \u202Eline', marks: [] }],
    })
    expect(block.children[0].text).toBe('First line\nsecond line')
  })

  it('leave out a breaking item and a news-sitemap entry with an oversized headline, with one log line each', () => {
    const now = new Date('2020-03-02T12:00:00Z')
    const huge = 'x'.repeat(1024 * 1024)
    expect(toBreakingNewsView([{ _id: 'b', headline: huge, activeFrom: '2020-03-02T10:00:00Z', activeUntil: null, articleSlug: null }], now)).toBeNull()
    const entries = toNewsSitemapEntries(
      [
        { _id: 'a', slug: 'huge', headline: huge, publishedAt: '2020-03-02T10:00:00Z' },
        { _id: 'c', slug: 'fine', headline: 'Fine\u0007', publishedAt: '2020-03-02T10:00:00Z' },
      ],
      now,
    )
    expect(entries).toEqual([{ path: '/articles/fine', title: 'Fine', publishedAt: '2020-03-02T10:00:00Z' }])
    expect(consoleError.mock.calls.map((args) => args.join(' '))).toEqual([
      expect.stringMatching(/^\[content\] breakingNews breakingNews: \[0\]\.headline: may have at most 200 characters/),
      expect.stringMatching(/^\[content\] newsSitemap list: \[0\]\.headline: may have at most 200 characters/),
    ])
  })
})
