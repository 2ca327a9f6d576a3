/**
 * The reader archive's queries against a seeded lake plus 130 synthetic stories (bench/synthetic-
 * stories.ts: three sections, some stories without one, ties on publication time, times with and
 * without milliseconds), through the real query path and zod models: a section's pages, the date
 * archive's years → months → days → pages, the sitemap index's children (with 7 URLs a child) and
 * search each list every story exactly once, in order; search ranks and explains its matches.
 */
import { syntheticMutations, syntheticSlug, syntheticStories, uniqueWord, SYNTHETIC_SECTIONS } from '@/bench/synthetic-stories'
import { getArchiveDay, getArchivePeriod, getArchiveYears, getYearCounts } from '@/lib/content/archive'
import { decideArchivePath, type ArchivePeriod } from '@/lib/content/archive-dates'
import { validateStoredDocument } from '@/lib/content/documents'
import { searchStories } from '@/lib/content/search'
import { parseSearchRequest } from '@/lib/content/search-text'
import { getSectionPage } from '@/lib/content/section'
import { getArticleSitemapEntries, getPagesSitemapEntries, getSitemapIndexPaths } from '@/lib/content/sitemaps'
import { parseArticleSitemapFile } from '@/lib/content/sitemap-files'
import { mutateLake } from '../fixtures/region-notice'
import { startSeededLakeForSuite } from '../support/seeded-lake'

const STORIES = 130
const lake = startSeededLakeForSuite('archive-queries')
// Walking the archive sends a few hundred small queries.
jest.setTimeout(60_000)

type Stored = { slug: string; publishedAt: string; section: string | null; _id: string }
let stored: Stored[] = []

beforeAll(async () => {
  await mutateLake(lake().url, 'test-token', syntheticMutations(STORIES))
  stored = (await lake().store.query('*[_type == "article" && !(_id in path("drafts.**"))]{_id, "slug": slug.current, publishedAt, "section": section->slug.current}', {})).result as Stored[]
}, 60_000)

const newestFirst = (a: Stored, b: Stored) => (a.publishedAt < b.publishedAt ? 1 : a.publishedAt > b.publishedAt ? -1 : a._id < b._id ? -1 : 1)
const slugOfHref = (href: string) => href.replace('/articles/', '')

describe('the synthetic archive', () => {
  it('is valid content: every story passes the stored-document models (those without a section but for it)', () => {
    for (const doc of syntheticStories(STORIES)) {
      expect(validateStoredDocument(doc)).toEqual(doc.section ? { ok: true } : { ok: false, issues: [{ path: 'section', message: expect.any(String) }] })
    }
    expect(stored).toHaveLength(STORIES + 5)
  })
})

describe('section pages', () => {
  it.each(['middle-east', ...SYNTHETIC_SECTIONS.map((s) => s.slug.current)])('%s: its pages list every story of the section once, newest first', async (slug) => {
    const first = await getSectionPage(slug, 1)
    expect(first).not.toBeNull()
    const expected = stored.filter((story) => story.section === slug).sort(newestFirst).map((story) => story.slug)
    expect(first!.total).toBe(expected.length)
    expect(first!.pages.pageCount).toBe(Math.ceil(expected.length / 30))
    const seen: string[] = []
    for (let page = 1; page <= first!.pages.pageCount; page++) {
      const data = (await getSectionPage(slug, page))!
      seen.push(...data.stories.map((story) => slugOfHref(story.href)))
      expect(data.pages.previous).toBe(page === 1 ? null : page === 2 ? `/sections/${slug}` : `/sections/${slug}/page/${page - 1}`)
      expect(data.pages.next).toBe(page === data.pages.pageCount ? null : `/sections/${slug}/page/${page + 1}`)
    }
    expect(seen).toEqual(expected)
    expect((await getSectionPage(slug, first!.pages.pageCount + 1))!.stories).toEqual([])
  })

  it('is null for a section that does not exist', async () => {
    expect(await getSectionPage('no-such-section', 1)).toBeNull()
  })
})

describe('the date archive', () => {
  it('reaches every story through years → months → days → pages, each once', async () => {
    const reached: string[] = []
    const years = await getArchiveYears('en')
    expect(years.map((y) => y.label)).toEqual(['2025', '2020'])
    for (const year of years) {
      const yearPeriod = periodOf(year.href)
      const yearData = (await getArchivePeriod(yearPeriod, 'en'))!
      expect(yearData.total).toBe(year.count)
      for (const month of yearData.children.filter((m) => m.count > 0)) {
        const monthData = (await getArchivePeriod(periodOf(month.href), 'en'))!
        expect(monthData.total).toBe(month.count)
        expect(monthData.children.reduce((sum, day) => sum + day.count, 0)).toBe(month.count)
        for (const day of monthData.children.filter((d) => d.count > 0)) {
          const period = periodOf(day.href) as Extract<ArchivePeriod, { level: 'day' }>
          const first = (await getArchiveDay(period, 1, 'en'))!
          for (let page = 1; page <= first.pages.pageCount; page++) {
            reached.push(...(await getArchiveDay(period, page, 'en'))!.stories.map((s) => slugOfHref(s.href)))
          }
        }
      }
    }
    expect([...reached].sort()).toEqual(stored.map((s) => s.slug).sort())
  })

  it('names periods for readers and links the nearest neighbours with stories', async () => {
    const november = (await getArchivePeriod({ level: 'month', year: 2025, month: 11 }, 'en'))!
    expect(november.title).toBe('November 2025')
    expect(november.crumbs).toEqual([
      { label: 'Archive', href: '/archive' },
      { label: '2025', href: '/archive/2025' },
    ])
    expect(november.previous).toEqual({ label: 'October 2025', href: '/archive/2025/10' })
    expect(november.next).toBeNull()
    expect(november.children).toHaveLength(30)
    expect(await getArchivePeriod({ level: 'month', year: 2025, month: 12 }, 'en')).toBeNull()
    // The seed's stories are from March 2020: the year before 2025 with stories.
    expect((await getArchivePeriod({ level: 'year', year: 2025 }, 'en'))!.previous).toEqual({ label: '2020', href: '/archive/2020' })
  })

  it('puts a story in the day its publishedAt is written in, with or without milliseconds', async () => {
    const story = syntheticStories(STORIES)[3]
    expect(story.publishedAt).toMatch(/\.000Z$/)
    const [y, m, d] = story.publishedAt.slice(0, 10).split('-').map(Number)
    const day = (await getArchiveDay({ level: 'day', year: y, month: m, day: d }, 1, 'en'))!
    expect(day.stories.map((s) => s.href)).toContain(`/articles/${syntheticSlug(3)}`)
  })
})

function periodOf(href: string): ArchivePeriod {
  const decision = decideArchivePath(href.split('/').slice(2))
  if (decision.action !== 'render' || decision.kind !== 'period') throw new Error(`${href} is not a period`)
  return decision.period
}

describe('the sitemap index', () => {
  it('with 7 URLs a child, lists children whose stories together are every story, each child ≤ 7', async () => {
    const paths = await getSitemapIndexPaths(7)
    expect(paths[0]).toBe('/sitemaps/pages.xml')
    const counts = await getYearCounts()
    expect(paths).toHaveLength(1 + counts.reduce((sum, { count }) => sum + Math.ceil(count / 7), 0))
    const listed: string[] = []
    for (const path of paths.slice(1)) {
      const named = parseArticleSitemapFile(path.split('/').pop()!)!
      const entries = await getArticleSitemapEntries(named.year, named.part, 7)
      expect(entries.length).toBeGreaterThan(0)
      expect(entries.length).toBeLessThanOrEqual(7)
      listed.push(...entries.map((e) => slugOfHref(e.path)))
    }
    expect(listed).toHaveLength(stored.length)
    expect([...listed].sort()).toEqual(stored.map((s) => s.slug).sort())
    expect(await getArticleSitemapEntries(2025, 999, 7)).toEqual([])
  })

  it('keeps a year’s first parts when a newer story is published (it lands in the last part)', async () => {
    const before = await getArticleSitemapEntries(2025, 1, 7)
    const [story] = syntheticStories(1, { newest: new Date('2025-12-01T09:00:00Z') })
    await mutateLake(lake().url, 'test-token', [{ createOrReplace: { ...story, _id: 'article-synthetic-newer', slug: { _type: 'slug', current: 'synthetic-newer' } } }])
    try {
      expect(await getArticleSitemapEntries(2025, 1, 7)).toEqual(before)
    } finally {
      await mutateLake(lake().url, 'test-token', [{ delete: { id: 'article-synthetic-newer' } }])
    }
  })

  it('lists the home page, the archive and every section in the pages’ sitemap', async () => {
    const entries = await getPagesSitemapEntries()
    expect(entries.map((e) => e.path)).toEqual(['/', '/archive', '/sections/business', '/sections/middle-east', '/sections/world'])
    expect(entries[0].lastModified).toBe(stored.map((s) => s.publishedAt).sort().at(-1))
  })
})

describe('search', () => {
  const search = (q: string, page?: string) => {
    const request = parseSearchRequest({ q, page })
    if (request.kind !== 'search') throw new Error(`not a search: ${q}`)
    return searchStories(request)
  }

  it('finds the one story whose body holds a word, first, with the word marked in its snippet', async () => {
    const { results, next } = await search(uniqueWord(42))
    expect(results.map((r) => r.card.href)).toEqual([`/articles/${syntheticSlug(42)}`])
    expect(next).toBeNull()
    const marked = results[0].snippet.filter((part) => part.match).map((part) => part.text)
    expect(marked).toEqual([uniqueWord(42)])
    expect(results[0].snippet.map((part) => part.text).join('')).toContain(`one mentioned ${uniqueWord(42)} twice`)
  })

  it('ranks headline matches above body-only matches, and marks them in the headline', async () => {
    const { results } = await search('Kremlin')
    expect(results.length).toBeGreaterThan(1)
    const inHeadline = results.map((r) => /kremlin/i.test(r.card.headline))
    expect(inHeadline.indexOf(false)).toBeGreaterThan(inHeadline.lastIndexOf(true))
    expect(results[0].headline.some((part) => part.match && /kremlin/i.test(part.text))).toBe(true)
  })

  it('needs every word, pages through results 10 at a time, and finds nothing for unknown words', async () => {
    const first = await search('synthetic')
    expect(first.results).toHaveLength(10)
    expect(first.next).toBe('/search?q=synthetic&page=2')
    const second = await search('synthetic', '2')
    expect(second.previous).toBe('/search?q=synthetic')
    expect(second.results.map((r) => r.card.id)).not.toEqual(expect.arrayContaining([first.results[0].card.id]))
    expect((await search(`synthetic ${uniqueWord(7)}`)).results.map((r) => r.card.href)).toEqual([`/articles/${syntheticSlug(7)}`])
    expect((await search('xylophonequartet')).results).toEqual([])
  })
})
