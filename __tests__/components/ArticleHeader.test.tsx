import { render, screen, waitFor } from '@testing-library/react'
import { renderToString } from 'react-dom/server'
import { ArticleHeader } from '@/components/ArticleHeader'
import { formatDateTime } from '@/components/LocalTime'
import { article } from './fixtures'

afterEach(() => {
  jest.restoreAllMocks()
})

describe('ArticleHeader', () => {
  it('has exactly one h1: the headline', () => {
    render(<ArticleHeader article={article} locale="en-US" />)
    const headings = screen.getAllByRole('heading', { level: 1 })
    expect(headings).toHaveLength(1)
    expect(headings[0]).toHaveTextContent(article.headline)
  })

  it('links the section and shows the kicker', () => {
    render(<ArticleHeader article={article} locale="en-US" />)
    expect(screen.getByRole('link', { name: 'Middle East' })).toHaveAttribute('href', '/sections/middle-east')
    expect(screen.getByText('Turkey')).toBeInTheDocument()
  })

  it('shows the dek when present', () => {
    render(<ArticleHeader article={{ ...article, dek: 'Talks come as tensions mount in Idlib.' }} locale="en-US" />)
    expect(screen.getByText('Talks come as tensions mount in Idlib.')).toBeInTheDocument()
  })

  it('renders published and "Updated" <time> elements with the raw ISO in dateTime', () => {
    const { container } = render(<ArticleHeader article={article} locale="en-US" />)
    const times = [...container.querySelectorAll('time')]
    expect(times.map((time) => time.getAttribute('datetime'))).toEqual([
      '2020-03-02T10:00:00Z',
      '2020-03-02T14:00:00Z',
    ])
    expect(times[0].parentElement).toHaveTextContent(/^Published /)
    expect(times[1].parentElement).toHaveTextContent(/^Updated /)
  })

  it('shows no "Updated" when updatedAt is not set', () => {
    const { container } = render(<ArticleHeader article={{ ...article, updatedAt: null }} locale="en-US" />)
    expect(container.querySelectorAll('time')).toHaveLength(1)
    expect(container).not.toHaveTextContent(/Updated/)
  })

  it('server-renders the dates in the site locale and UTC', () => {
    const html = renderToString(<ArticleHeader article={article} locale="en-US" />)
    expect(html).toContain('March 2, 2020 at 10:00 AM UTC')
    expect(html).toContain('March 2, 2020 at 2:00 PM UTC')
  })

  it("re-formats the dates to the reader's language and time zone after hydration", async () => {
    jest.spyOn(window.navigator, 'language', 'get').mockReturnValue('de-DE')
    const readerZone = Intl.DateTimeFormat().resolvedOptions().timeZone
    const { container } = render(<ArticleHeader article={article} locale="en-US" />)
    const updated = container.querySelectorAll('time')[1]
    await waitFor(() => expect(updated).toHaveTextContent(formatDateTime(article.updatedAt!, 'de-DE', readerZone)))
    expect(updated).toHaveAttribute('datetime', '2020-03-02T14:00:00Z')
    expect(updated).toHaveAttribute('lang', 'de-DE')
  })
})
