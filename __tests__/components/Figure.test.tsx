import { render, screen } from '@testing-library/react'
import { Figure } from '@/components/Figure'
import type { ImageView } from '@/lib/content/view-models'
import { image } from './fixtures'

describe('Figure', () => {
  it('renders the image with its CMS alt text and intrinsic size', () => {
    render(<Figure image={image} />)
    const img = screen.getByRole('img', { name: image.alt })
    expect(img).toHaveAttribute('width', '1600')
    expect(img).toHaveAttribute('height', '900')
    expect(img).toHaveAttribute('sizes')
    expect(img).toHaveAttribute('loading', 'lazy')
  })

  it('puts the caption and a screen-reader-prefixed credit in the figcaption', () => {
    const { container } = render(<Figure image={image} />)
    const figcaption = container.querySelector('figure > figcaption')
    expect(figcaption).not.toBeNull()
    expect(figcaption).toHaveTextContent(`Image caption, ${image.caption}`)
    expect(figcaption).toHaveTextContent(`Image credit: ${image.credit}`)
    const prefixes = [...figcaption!.querySelectorAll('.visually-hidden')].map((el) => el.textContent)
    expect(prefixes).toEqual(['Image caption, ', 'Image credit: '])
  })

  it('loads eagerly with high priority when it is the lead image', () => {
    render(<Figure image={image} priority />)
    const img = screen.getByRole('img', { name: image.alt })
    expect(img).not.toHaveAttribute('loading', 'lazy')
    expect(img).toHaveAttribute('fetchpriority', 'high')
  })

  it('is a plain server-rendered <img> with a width-described srcset and no placeholder styles', () => {
    render(<Figure image={image} />)
    const img = screen.getByRole('img', { name: image.alt })
    const candidates = (img.getAttribute('srcset') ?? '').split(', ')
    expect(candidates.length).toBeGreaterThan(1)
    // The site's loader (first-party /media/images URLs) is wired in by the build; jest uses Next's default.
    for (const candidate of candidates) expect(candidate).toMatch(/^\S+ \d+w$/)
    expect(img.getAttribute('style') ?? '').not.toContain('background')
  })

  it('omits the figcaption when there is neither caption nor credit', () => {
    const bare: ImageView = { ...image, caption: null, credit: null }
    const { container } = render(<Figure image={bare} />)
    expect(container.querySelector('figcaption')).toBeNull()
    expect(screen.getByRole('img', { name: image.alt })).toBeInTheDocument()
  })
})
