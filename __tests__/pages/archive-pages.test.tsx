/**
 * @jest-environment ./__tests__/pages/jsdom-with-node-fetch.environment.js
 *
 * The reader archive's pages rendered from a seeded lake plus 130 synthetic stories, through the
 * real query path: a section's older page, the archive's index, month and day pages, and search
 * (results, no results, bad input) — what a reader sees, headings and landmarks included.
 */
import { render, screen, within } from '@testing-library/react'
import { syntheticMutations, syntheticSlug, uniqueWord } from '@/bench/synthetic-stories'
import { mutateLake } from '../fixtures/region-notice'
import { startSeededLakeForSuite } from '../support/seeded-lake'

const NOT_FOUND = new Error('NEXT_NOT_FOUND (test sentinel)')
jest.mock('next/navigation', () => ({
  ...jest.requireActual('next/navigation'),
  notFound: jest.fn(() => {
    throw NOT_FOUND
  }),
}))

import SectionOlderPage from '@/app/(site)/sections/[slug]/page/[page]/page'
import SectionPage from '@/app/(site)/sections/[slug]/page'
import ArchivePage from '@/app/(site)/archive/page'
import ArchiveMonthPage from '@/app/(site)/archive/[year]/[month]/page'
import ArchiveDayRoute from '@/app/(site)/archive/[year]/[month]/[day]/page'
import ArchiveDayOlderPage from '@/app/(site)/archive/[year]/[month]/[day]/page/[page]/page'
import SearchPage, { generateMetadata as searchMetadata } from '@/app/(site)/search/page'
import { expectSilentConsole } from '../support/silent-console'

const lake = startSeededLakeForSuite('archive-pages')
beforeAll(() => mutateLake(lake().url, 'test-token', syntheticMutations(130)), 60_000)

expectSilentConsole()

const params = <T,>(value: T) => Promise.resolve(value)

describe('section pages', () => {
  it('page 1 links to page 2; page 2 lists older stories and links both ways', async () => {
    render(await SectionPage({ params: params({ slug: 'world' }) }))
    const pages = screen.getByRole('navigation', { name: 'Pages of World' })
    expect(within(pages).getByRole('link', { name: /Older stories/ })).toHaveAttribute('href', '/sections/world/page/2')
    expect(within(pages).queryByRole('link', { name: /Newer stories/ })).toBeNull()
    document.body.innerHTML = ''

    render(await SectionOlderPage({ params: params({ slug: 'world', page: '2' }) }))
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('World, page 2')
    expect(screen.getAllByRole('article').length).toBeGreaterThan(0)
    const nav = screen.getByRole('navigation', { name: 'Pages of World' })
    expect(within(nav).getByRole('link', { name: /Newer stories/ })).toHaveAttribute('href', '/sections/world')
    expect(within(nav).getByText(/^Page 2 of \d+$/)).toBeInTheDocument()
  })

  it('404s for a page past the last, page 1 under /page/ and an unknown section', async () => {
    await expect(SectionOlderPage({ params: params({ slug: 'world', page: '99' }) })).rejects.toBe(NOT_FOUND)
    await expect(SectionOlderPage({ params: params({ slug: 'world', page: '1' }) })).rejects.toBe(NOT_FOUND)
    await expect(SectionOlderPage({ params: params({ slug: 'sport', page: '2' }) })).rejects.toBe(NOT_FOUND)
  })
})

describe('the date archive', () => {
  it('lists the years with stories', async () => {
    render(await ArchivePage())
    expect(screen.getByRole('heading', { level: 1, name: 'Archive' })).toBeInTheDocument()
    const years = screen.getByRole('region', { name: 'Years' })
    expect(within(years).getAllByRole('link').map((a) => a.getAttribute('href'))).toEqual(['/archive/2025', '/archive/2020'])
  })

  it('shows a month’s days, linked when they have stories, with the neighbouring month and breadcrumbs', async () => {
    render(await ArchiveMonthPage({ params: params({ year: '2025', month: '11' }) }))
    expect(screen.getByRole('heading', { level: 1, name: 'November 2025' })).toBeInTheDocument()
    expect(within(screen.getByRole('navigation', { name: 'Breadcrumb' })).getAllByRole('link').map((a) => a.textContent)).toEqual(['Archive', '2025'])
    const days = screen.getByRole('region', { name: 'Days' })
    expect(within(days).getAllByRole('listitem')).toHaveLength(30)
    expect(within(days).getByRole('link', { name: /^30 \d stor(y|ies)$/ })).toHaveAttribute('href', '/archive/2025/11/30')
    expect(within(screen.getByRole('navigation', { name: 'Other months' })).getByRole('link', { name: /October 2025/ })).toHaveAttribute('href', '/archive/2025/10')
  })

  it('lists a day’s stories, and 404s for an empty day or a page past its last', async () => {
    render(await ArchiveDayRoute({ params: params({ year: '2025', month: '11', day: '30' }) }))
    expect(screen.getByRole('heading', { level: 1, name: 'November 30, 2025' })).toBeInTheDocument()
    expect(screen.getByRole('link', { name: /^Synthetic 0:/ })).toHaveAttribute('href', `/articles/${syntheticSlug(0)}`)
    await expect(ArchiveMonthPage({ params: params({ year: '2025', month: '12' }) })).rejects.toBe(NOT_FOUND)
    await expect(ArchiveDayOlderPage({ params: params({ year: '2025', month: '11', day: '30', page: '2' }) })).rejects.toBe(NOT_FOUND)
    await expect(ArchiveDayRoute({ params: params({ year: '2025', month: '02', day: '30' }) })).rejects.toBe(NOT_FOUND)
  })
})

describe('search', () => {
  const search = (q?: string, page?: string) => SearchPage({ searchParams: params({ q, page }) })

  it('shows the form alone when there is nothing to search for', async () => {
    render(await search())
    expect(screen.getByRole('heading', { level: 1, name: 'Search' })).toBeInTheDocument()
    expect(screen.getByRole('search', { name: 'Search stories' })).toBeInTheDocument()
    expect(screen.queryByRole('region', { name: /Results/ })).toBeNull()
  })

  it('finds the story whose body holds a word, first, with the word marked', async () => {
    const { container } = render(await search(uniqueWord(77)))
    const results = screen.getByRole('region', { name: `Results for “${uniqueWord(77)}”` })
    expect(within(results).getAllByRole('listitem')[0]).toHaveTextContent(`Synthetic 77:`)
    expect(within(results).getAllByRole('link')[0]).toHaveAttribute('href', `/articles/${syntheticSlug(77)}`)
    expect([...container.querySelectorAll('mark')].map((mark) => mark.textContent)).toEqual([uniqueWord(77)])
    expect(screen.getByRole('searchbox')).toHaveValue(uniqueWord(77))
  })

  it('pages through many results and says so when nothing matches', async () => {
    render(await search('synthetic', '2'))
    const nav = screen.getByRole('navigation', { name: 'Pages of results' })
    expect(within(nav).getByRole('link', { name: /Previous results/ })).toHaveAttribute('href', '/search?q=synthetic')
    expect(within(nav).getByRole('link', { name: /More results/ })).toHaveAttribute('href', '/search?q=synthetic&page=3')
    document.body.innerHTML = ''
    render(await search('xylophonequartet'))
    expect(screen.getByRole('status')).toHaveTextContent('No stories match “xylophonequartet”.')
    expect(within(screen.getByRole('status')).getByRole('link', { name: 'archive' })).toHaveAttribute('href', '/archive')
  })

  it('explains bad input instead of searching, and is never indexed', async () => {
    render(await search('x'.repeat(250)))
    expect(screen.getByRole('alert')).toHaveTextContent('Search text can be at most 200 characters long.')
    expect(screen.queryByRole('region', { name: /Results/ })).toBeNull()
    expect(await searchMetadata({ searchParams: params({ q: 'kremlin' }) })).toMatchObject({ title: 'Search: kremlin', robots: { index: false } })
  })
})
