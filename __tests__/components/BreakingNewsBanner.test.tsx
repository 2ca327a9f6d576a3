import { render, screen } from '@testing-library/react'
import { BreakingNewsBanner, isBreakingNewsActive } from '@/components/BreakingNewsBanner'
import type { BreakingNewsView } from '@/lib/content/view-models'

const item: BreakingNewsView = {
  id: 'breaking-erdogan-putin-talks',
  headline: 'Turkey: Erdogan, Putin To Meet In Moscow This Week For Syria Talks',
  href: '/articles/turkey-erdogan-putin-to-meet-in-moscow-this-week-for-syria-talks',
  activeFrom: '2020-03-02T10:00:00Z',
  activeUntil: '2020-03-03T10:00:00Z',
}
const during = new Date('2020-03-02T12:00:00Z')

describe('BreakingNewsBanner', () => {
  it('shows an active item as a "Breaking News" region with the linked headline', () => {
    render(<BreakingNewsBanner item={item} now={during} />)
    const region = screen.getByRole('region', { name: 'Breaking News' })
    expect(region).toHaveTextContent('Breaking News')
    const link = screen.getByRole('link', { name: item.headline })
    expect(link).toHaveAttribute('href', item.href)
    expect(region).toContainElement(link)
  })

  it('shows the headline without a link when there is no href', () => {
    render(<BreakingNewsBanner item={{ ...item, href: null }} now={during} />)
    expect(screen.getByRole('region', { name: 'Breaking News' })).toHaveTextContent(item.headline)
    expect(screen.queryByRole('link')).toBeNull()
  })

  it('renders nothing before activeFrom', () => {
    const { container } = render(<BreakingNewsBanner item={item} now={new Date('2020-03-02T09:59:59Z')} />)
    expect(container).toBeEmptyDOMElement()
  })

  it('renders nothing once activeUntil has passed', () => {
    const { container } = render(<BreakingNewsBanner item={item} now={new Date('2020-03-03T10:00:00Z')} />)
    expect(container).toBeEmptyDOMElement()
  })

  it('stays active with no activeUntil', () => {
    render(<BreakingNewsBanner item={{ ...item, activeUntil: null }} now={new Date('2030-01-01T00:00:00Z')} />)
    expect(screen.getByRole('region', { name: 'Breaking News' })).toBeInTheDocument()
  })

  it('renders nothing for a null item', () => {
    const { container } = render(<BreakingNewsBanner item={null} now={during} />)
    expect(container).toBeEmptyDOMElement()
  })

  it('treats unparseable dates as inactive', () => {
    expect(isBreakingNewsActive({ ...item, activeFrom: 'soon' }, during)).toBe(false)
    expect(isBreakingNewsActive({ ...item, activeUntil: 'later' }, during)).toBe(false)
  })

  it('does not link an unsafe href', () => {
    render(<BreakingNewsBanner item={{ ...item, href: 'javascript:alert(1)' }} now={during} />)
    expect(screen.getByRole('region', { name: 'Breaking News' })).toHaveTextContent(item.headline)
    expect(screen.queryByRole('link')).toBeNull()
  })
})
