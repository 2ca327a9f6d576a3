import { render, screen } from '@testing-library/react'
import { PreviewBanner } from '@/components/PreviewBanner'

describe('PreviewBanner', () => {
  it('says the page shows draft content and links out of draft mode (back to the page, by its Referer)', () => {
    render(<PreviewBanner />)
    expect(screen.getByRole('complementary', { name: 'Preview' })).toHaveTextContent('Preview — draft content.')
    expect(screen.getByRole('link', { name: 'Exit preview' })).toHaveAttribute('href', '/api/draft-mode/disable')
  })
})
