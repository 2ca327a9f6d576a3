import { render, screen, within } from '@testing-library/react'
import { ArticleCard } from '@/components/ArticleCard'
import { RelatedStories } from '@/components/RelatedStories'
import type { ArticleCardView } from '@/lib/content/view-models'
import { image } from './fixtures'

const card: ArticleCardView = {
  id: 'article-turkey-idlib-military-operation',
  href: '/articles/turkey-launches-full-military-operation-in-idlib',
  headline: 'Turkey Launches Full Military Operation In Idlib',
  dek: 'Ankara confirmed the operation against Russian-backed Syrian forces on March 2.',
  kicker: 'Syria',
  publishedAt: '2020-03-02T11:00:00Z',
  updatedAt: null,
  thumbnail: image,
}

describe('ArticleCard', () => {
  it('links the headline in an h3 by default, with kicker, dek and time', () => {
    const { container } = render(<ArticleCard article={card} locale="en-US" />)
    const heading = screen.getByRole('heading', { level: 3 })
    expect(within(heading).getByRole('link', { name: card.headline })).toHaveAttribute('href', card.href)
    expect(screen.getByText('Syria')).toBeInTheDocument()
    expect(screen.getByText(card.dek!)).toBeInTheDocument()
    expect(container.querySelector('time')).toHaveAttribute('datetime', card.publishedAt)
  })

  it('uses an h2 for the lead variant', () => {
    render(<ArticleCard article={card} locale="en-US" variant="lead" />)
    expect(screen.getByRole('heading', { level: 2, name: card.headline })).toBeInTheDocument()
  })

  it('gives the thumbnail its CMS alt text', () => {
    render(<ArticleCard article={card} locale="en-US" />)
    expect(screen.getByRole('img', { name: image.alt })).toBeInTheDocument()
  })

  it('shows the updated time when there is one', () => {
    const { container } = render(
      <ArticleCard article={{ ...card, updatedAt: '2020-03-02T16:00:00Z' }} locale="en-US" />,
    )
    expect(container.querySelector('time')).toHaveAttribute('datetime', '2020-03-02T16:00:00Z')
    expect(container.querySelector('time')?.parentElement).toHaveTextContent(/^Updated /)
  })

  it('shows the publication time, unlabelled, when the story was not updated', () => {
    const { container } = render(<ArticleCard article={card} locale="en-US" />)
    expect(container.querySelector('time')).toHaveAttribute('datetime', card.publishedAt)
    expect(container.querySelector('time')?.parentElement).not.toHaveTextContent(/Updated/)
  })

  it('renders without optional parts', () => {
    render(<ArticleCard article={{ ...card, dek: null, kicker: null, thumbnail: null }} locale="en-US" />)
    expect(screen.getByRole('link', { name: card.headline })).toBeInTheDocument()
    expect(screen.queryByRole('img')).toBeNull()
  })
})

describe('RelatedStories', () => {
  it('is a section labelled "Related stories" with a list of cards', () => {
    const second = { ...card, id: 'b', href: '/articles/b', headline: 'Kremlin Warns On Turkish Planes' }
    render(<RelatedStories items={[card, second]} locale="en-US" />)
    const region = screen.getByRole('region', { name: 'Related stories' })
    expect(within(region).getAllByRole('listitem')).toHaveLength(2)
    expect(within(region).getAllByRole('heading', { level: 3 }).map((h) => h.textContent)).toEqual([
      card.headline,
      second.headline,
    ])
  })

  it('renders nothing when empty', () => {
    const { container } = render(<RelatedStories items={[]} locale="en-US" />)
    expect(container).toBeEmptyDOMElement()
  })
})
