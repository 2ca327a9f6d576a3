/**
 * The reader archive's components as a reader meets them: pagination links (visible, with rel,
 * and the same relations as head links), the search form (a labelled GET form that works without
 * JavaScript, its problem tied to the box), results with matched words marked, the archive's
 * period links and breadcrumbs, and story lists.
 */
import { render, screen, within } from '@testing-library/react'
import { ArchiveLinks } from '@/components/ArchiveLinks'
import { Breadcrumbs } from '@/components/Breadcrumbs'
import { MarkedText } from '@/components/MarkedText'
import { Pagination } from '@/components/Pagination'
import { SearchForm } from '@/components/SearchForm'
import { SearchResults } from '@/components/SearchResults'
import { StoryList } from '@/components/StoryList'
import type { ArticleCardView, SearchResultView } from '@/lib/content/view-models'

const card = (n: number): ArticleCardView => ({
  id: `article-${n}`,
  href: `/articles/story-${n}`,
  headline: `Story ${n} about the Kremlin`,
  dek: null,
  kicker: null,
  publishedAt: '2025-11-30T18:00:00Z',
  updatedAt: null,
  thumbnail: null,
})

describe('Pagination', () => {
  it('links the newer and older pages with rel, says where the reader is, and adds head links', () => {
    render(<Pagination label="Pages of World" previous="/sections/world" next="/sections/world/page/3" page={2} pageCount={4} />)
    const nav = screen.getByRole('navigation', { name: 'Pages of World' })
    expect(within(nav).getByRole('link', { name: /Newer stories/ })).toHaveAttribute('rel', 'prev')
    expect(within(nav).getByRole('link', { name: /Newer stories/ })).toHaveAttribute('href', '/sections/world')
    expect(within(nav).getByRole('link', { name: /Older stories/ })).toHaveAttribute('href', '/sections/world/page/3')
    expect(within(nav).getByText('Page 2 of 4')).toBeInTheDocument()
    // React places <link> elements in the document's <head>, wherever they are rendered.
    expect([...document.head.querySelectorAll('link[rel="prev"], link[rel="next"]')].map((link) => [link.getAttribute('rel'), link.getAttribute('href')])).toEqual([
      ['prev', '/sections/world'],
      ['next', '/sections/world/page/3'],
    ])
  })

  it('shows only the link that exists, and nothing for a single page', () => {
    render(<Pagination label="Pages of results" previous={null} next="/search?q=x&page=2" page={1} nextText="More results" />)
    expect(screen.getByRole('link', { name: /More results/ })).toBeInTheDocument()
    expect(screen.queryByRole('link', { name: /Newer/ })).toBeNull()
    expect(screen.getByText('Page 1')).toBeInTheDocument()
    const { container } = render(<Pagination label="Single" previous={null} next={null} page={1} pageCount={1} />)
    expect(container).toBeEmptyDOMElement()
  })
})

describe('SearchForm', () => {
  it('is a labelled search landmark that sends q by GET to /search, keeping the reader’s text', () => {
    render(<SearchForm action="/search" maxChars={200} maxWords={8} text="Kremlin talks" />)
    const form = screen.getByRole('search', { name: 'Search stories' })
    expect(form).toHaveAttribute('method', 'get')
    expect(form).toHaveAttribute('action', '/search')
    const box = within(form).getByRole('searchbox', { name: 'Search stories' })
    expect(box).toHaveAttribute('name', 'q')
    expect(box).toHaveValue('Kremlin talks')
    expect(box).toHaveAttribute('maxlength', '200')
    expect(box).toHaveAccessibleDescription(/up to 8 words/)
    expect(within(form).getByRole('button', { name: 'Search' })).toHaveAttribute('type', 'submit')
  })

  it('states a problem beside the box and marks the box invalid', () => {
    render(<SearchForm action="/search" maxChars={200} maxWords={8} text="x" error="Search text can be at most 200 characters long." />)
    const box = screen.getByRole('searchbox')
    expect(box).toHaveAttribute('aria-invalid', 'true')
    expect(box).toHaveAccessibleDescription(/at most 200 characters long/)
    expect(screen.getByRole('alert')).toHaveTextContent('Search text can be at most 200 characters long.')
  })
})

describe('SearchResults and MarkedText', () => {
  const results: SearchResultView[] = [
    {
      card: card(1),
      headline: [{ text: 'Story 1 about the ', match: false }, { text: 'Kremlin', match: true }],
      snippet: [{ text: '… the ', match: false }, { text: 'Kremlin', match: true }, { text: ' said <b>no</b> …', match: false }],
    },
  ]

  it('lists each result’s linked headline and snippet with the matched words in <mark>, as text', () => {
    const { container } = render(<SearchResults results={results} locale="en" />)
    const item = within(screen.getByRole('list')).getByRole('listitem')
    expect(within(item).getByRole('heading', { level: 2 })).toHaveTextContent('Story 1 about the Kremlin')
    expect(within(item).getByRole('link', { name: 'Story 1 about the Kremlin' })).toHaveAttribute('href', '/articles/story-1')
    expect([...container.querySelectorAll('mark')].map((mark) => mark.textContent)).toEqual(['Kremlin', 'Kremlin'])
    expect(item).toHaveTextContent('… the Kremlin said <b>no</b> …')
    expect(container.querySelector('b')).toBeNull()
    expect(container.querySelector('time')).toHaveAttribute('datetime', '2025-11-30T18:00:00Z')
  })

  it('renders plain parts without marks', () => {
    const { container } = render(<MarkedText parts={[{ text: 'nothing matched', match: false }]} />)
    expect(container.innerHTML).toBe('nothing matched')
  })
})

describe('ArchiveLinks and Breadcrumbs', () => {
  it('links periods with stories, saying how many, and shows empty ones unlinked', () => {
    render(
      <ArchiveLinks
        heading="Days"
        id="days"
        layout="calendar"
        links={[
          { label: '1', href: '/archive/2025/11/01', count: 1 },
          { label: '2', href: '/archive/2025/11/02', count: 0 },
          { label: '3', href: '/archive/2025/11/03', count: 3 },
        ]}
      />,
    )
    const region = screen.getByRole('region', { name: 'Days' })
    expect(within(region).getAllByRole('link').map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['1 1 story', '/archive/2025/11/01'],
      ['3 3 stories', '/archive/2025/11/03'],
    ])
    expect(within(region).getByText('no stories')).toBeInTheDocument()
  })

  it('links the pages above this one in a breadcrumb navigation', () => {
    render(<Breadcrumbs crumbs={[{ label: 'Archive', href: '/archive' }, { label: '2025', href: '/archive/2025' }]} />)
    const nav = screen.getByRole('navigation', { name: 'Breadcrumb' })
    expect(within(nav).getAllByRole('link').map((a) => a.getAttribute('href'))).toEqual(['/archive', '/archive/2025'])
  })
})

describe('StoryList', () => {
  it('lists story cards, the first as the lead when asked', () => {
    render(<StoryList stories={[card(1), card(2)]} locale="en" leadFirst />)
    expect(screen.getAllByRole('listitem')).toHaveLength(2)
    expect(screen.getByRole('heading', { level: 2, name: 'Story 1 about the Kremlin' })).toBeInTheDocument()
    expect(screen.getByRole('heading', { level: 3, name: 'Story 2 about the Kremlin' })).toBeInTheDocument()
  })
})
