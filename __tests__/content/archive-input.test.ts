/**
 * The pure rules of the reader archive: page numbers in URLs, the date archive's paths and
 * ranges, search input and its limits, the marked snippet, and the sitemap index's children.
 * Bad input is refused precisely (a reason, a message), never thrown.
 */
import { decideArchivePath, followingPeriod, periodHref, periodLabel, periodRange, precedingPeriod } from '@/lib/content/archive-dates'
import { pageCount, pageHref, pageLinks, pageSlice, parsePageNumber } from '@/lib/content/pagination'
import { highlightTerms, searchSnippet } from '@/lib/content/search-snippet'
import { parseSearchRequest, searchHref, searchTerms, SEARCH_LIMITS } from '@/lib/content/search-text'
import { parseArticleSitemapFile, sitemapIndexPaths } from '@/lib/content/sitemap-files'

describe('page numbers', () => {
  it.each(['1', '2', '30', '999999'])('%s is a page number', (raw) => expect(parsePageNumber(raw)).toBe(Number(raw)))
  it.each(['0', '01', '-1', '1.5', '1e3', 'two', '', ' 2', '1000000', undefined, 3])('%p is not', (raw) => expect(parsePageNumber(raw)).toBeNull())

  it('slices, counts and links pages', () => {
    expect(pageSlice(3, 30)).toEqual({ from: 60, to: 90 })
    expect([pageCount(0, 30), pageCount(30, 30), pageCount(31, 30)]).toEqual([1, 1, 2])
    expect(pageHref('/sections/world', 1)).toBe('/sections/world')
    expect(pageLinks('/sections/world', 2, 3)).toEqual({ page: 2, pageCount: 3, previous: '/sections/world', next: '/sections/world/page/3' })
    expect(pageLinks('/sections/world', 3, 3).next).toBeNull()
  })
})

describe('archive paths', () => {
  it.each([
    [[], { action: 'render', kind: 'index' }],
    [['2026'], { action: 'render', kind: 'period', period: { level: 'year', year: 2026 }, page: 1 }],
    [['2026', '12'], { action: 'render', kind: 'period', period: { level: 'month', year: 2026, month: 12 }, page: 1 }],
    [['2024', '02', '29'], { action: 'render', kind: 'period', period: { level: 'day', year: 2024, month: 2, day: 29 }, page: 1 }],
    [['2026', '12', '06', 'page', '2'], { action: 'render', kind: 'period', period: { level: 'day', year: 2026, month: 12, day: 6 }, page: 2 }],
  ])('%j renders', (segments, decision) => expect(decideArchivePath(segments)).toEqual(decision))

  it.each([
    [['2026', '1'], '/archive/2026/01'],
    [['2026', '12', '6'], '/archive/2026/12/06'],
    [['2026', '12', '06', 'page', '1'], '/archive/2026/12/06'],
    [['2026', '1', '6', 'page', '3'], '/archive/2026/01/06/page/3'],
  ])('%j redirects to %s', (segments, location) => expect(decideArchivePath(segments)).toEqual({ action: 'redirect', location }))

  it.each([
    [['26']], [['0999']], [['2026x']], [['2026', '13']], [['2026', '00']], [['2026', '012']], [['2025', '02', '29']], [['2026', '04', '31']],
    [['2026', '12', '06', 'page']], [['2026', '12', '06', 'page', '0']], [['2026', '12', '06', 'pages', '2']], [['2026', '12', '06', 'page', '2', 'x']],
  ])('%j is not found', (segments) => expect(decideArchivePath(segments)).toMatchObject({ action: 'not-found' }))

  it('turns periods into string ranges of publishedAt, across year ends', () => {
    expect(periodRange({ level: 'year', year: 2026 })).toEqual({ from: '2026', to: '2027' })
    expect(periodRange({ level: 'month', year: 2026, month: 12 })).toEqual({ from: '2026-12', to: '2027-01' })
    expect(periodRange({ level: 'day', year: 2026, month: 12, day: 31 })).toEqual({ from: '2026-12-31', to: '2027-01-01' })
    expect(precedingPeriod({ level: 'day', year: 2026, month: 3, day: 1 })).toEqual({ level: 'day', year: 2026, month: 2, day: 28 })
    expect(followingPeriod({ level: 'month', year: 2026, month: 12 })).toEqual({ level: 'month', year: 2027, month: 1 })
    // Strings compare as the site's order(publishedAt) does: with or without milliseconds, inside.
    for (const at of ['2026-12-31T23:59:59Z', '2026-12-31T00:00:00.000Z']) expect(at >= '2026-12-31' && at < '2027-01-01').toBe(true)
  })

  it('names periods in the site language', () => {
    expect(periodLabel({ level: 'day', year: 2026, month: 12, day: 6 }, 'en')).toBe('December 6, 2026')
    expect(periodLabel({ level: 'month', year: 2026, month: 12 }, 'de')).toBe('Dezember 2026')
    expect(periodHref({ level: 'day', year: 2026, month: 1, day: 6 })).toBe('/archive/2026/01/06')
  })
})

describe('search input', () => {
  it('splits words as GROQ match does and drops duplicates and wildcards', () => {
    expect(searchTerms('Putin, Erdogan & putin* in  Moscow.')).toEqual(['Putin', 'Erdogan', 'in', 'Moscow'])
    expect(searchTerms('*** -- ...')).toEqual([])
    expect(searchTerms('U.S. talks')).toEqual(['U.S', 'talks'])
  })

  it('accepts a search, and an empty form', () => {
    expect(parseSearchRequest({ q: '  Kremlin talks ', page: '2' })).toEqual({ kind: 'search', text: 'Kremlin talks', terms: ['Kremlin', 'talks'], pattern: 'Kremlin talks', page: 2 })
    expect(parseSearchRequest({})).toEqual({ kind: 'empty' })
    expect(parseSearchRequest({ q: ['first', 'second'] })).toMatchObject({ kind: 'search', text: 'first' })
  })

  it.each([
    [{ q: 'x'.repeat(201) }, /at most 200 characters/],
    [{ q: 'a b c d e f g h i' }, /at most 8 words at a time \(you typed 9\)/],
    [{ q: 'kremlin', page: '0' }, /not a number/],
    [{ q: 'kremlin', page: 'x' }, /not a number/],
    [{ q: 'kremlin', page: String(SEARCH_LIMITS.maxPage + 1) }, /Only the first 10 pages/],
    [{ q: '***' }, /at least one word/],
    [{ page: '2' }, /nothing to search for/],
  ])('refuses %j with a message', (params, message) => {
    const request = parseSearchRequest(params)
    expect(request.kind).toBe('invalid')
    expect(request.kind === 'invalid' && request.message).toMatch(message)
  })

  it('counts characters, not UTF-16 units, and drops control characters', () => {
    expect(parseSearchRequest({ q: '😀'.repeat(200) }).kind).toBe('invalid')
    expect(parseSearchRequest({ q: `新闻 ${'я'.repeat(190)}` }).kind).toBe('search')
    expect(parseSearchRequest({ q: 'kre\u0000mlin\u200b' })).toMatchObject({ kind: 'search', terms: ['kremlin'] })
  })

  it('builds result page URLs', () => {
    expect(searchHref('Putin & co', 1)).toBe('/search?q=Putin+%26+co')
    expect(searchHref('x', 3)).toBe('/search?q=x&page=3')
  })
})

describe('marked snippets', () => {
  const text = `${'Lorem ipsum dolor sit amet. '.repeat(10)}Then the Kremlin said, about kremlin-backed talks: "Moscow." ${'More words follow here. '.repeat(20)}`

  it('cuts about 240 characters around the first match, at spaces, with ellipses', () => {
    const parts = searchSnippet(text, ['kremlin', 'moscow'])
    const joined = parts.map((p) => p.text).join('')
    expect(joined.startsWith('… ')).toBe(true)
    expect(joined.endsWith(' …')).toBe(true)
    expect(joined.length).toBeLessThanOrEqual(250)
    expect(parts.filter((p) => p.match).map((p) => p.text)).toEqual(['Kremlin', 'kremlin', 'Moscow'])
  })

  it('marks whole words only, and starts at the beginning when only the headline matched', () => {
    expect(highlightTerms('Kremlinology and the Kremlin', ['kremlin'])).toEqual([
      { text: 'Kremlinology and the ', match: false },
      { text: 'Kremlin', match: true },
    ])
    const parts = searchSnippet('Short text without the word.', ['kremlin'])
    expect(parts).toEqual([{ text: 'Short text without the word.', match: false }])
    expect(searchSnippet('', ['x'])).toEqual([])
  })
})

describe('sitemap index children', () => {
  it('names each year’s parts, and parses only canonical names', () => {
    expect(sitemapIndexPaths([{ year: 2026, count: 5 }, { year: 2025, count: 2 }], 2)).toEqual([
      '/sitemaps/pages.xml',
      '/sitemaps/articles/2026-1.xml',
      '/sitemaps/articles/2026-2.xml',
      '/sitemaps/articles/2026-3.xml',
      '/sitemaps/articles/2025-1.xml',
    ])
    expect(parseArticleSitemapFile('2026-3.xml')).toEqual({ year: 2026, part: 3 })
    for (const bad of ['2026-0.xml', '2026-01.xml', '0999-1.xml', '2026.xml', '2026-1.xml.gz', '2026-1']) expect(parseArticleSitemapFile(bad)).toBeNull()
  })
})
