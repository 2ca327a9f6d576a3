import { render, screen } from '@testing-library/react'
import { PreviewBanner } from '@/components/PreviewBanner'

jest.mock('next/navigation', () => ({ usePathname: () => '/articles/some story' }))

describe('PreviewBanner', () => {
  it('says the page shows draft content and exits back to the same page', () => {
    render(<PreviewBanner />)
    expect(screen.getByRole('complementary', { name: 'Preview' })).toHaveTextContent('Preview — draft content.')
    expect(screen.getByRole('link', { name: 'Exit preview' })).toHaveAttribute('href', '/api/draft-mode/disable?redirect=%2Farticles%2Fsome%20story')
  })
})
