import { render, screen } from '@testing-library/react'
import { DraftProblems } from '@/components/DraftProblems'

const problems = [
  { path: 'headline', message: 'a headline is required' },
  { path: 'body[2].children[0].text', message: 'span text must be a string' },
]

describe('DraftProblems', () => {
  it('lists each problem with its field path, saying the page cannot be shown', () => {
    render(<DraftProblems problems={problems} blocking />)
    const panel = screen.getByRole('region', { name: 'This draft cannot be shown to readers' })
    expect(panel).toHaveTextContent('“Page not found”')
    const items = screen.getAllByRole('listitem').map((item) => item.textContent)
    expect(items).toEqual(['headline a headline is required', 'body[2].children[0].text span text must be a string'])
  })

  it('says which parts are left out when the page can still be shown', () => {
    render(<DraftProblems problems={problems.slice(0, 1)} blocking={false} />)
    expect(screen.getByRole('region', { name: 'Readers will not see every part of this draft' })).toHaveTextContent('headline a headline is required')
  })

  it('renders nothing without problems', () => {
    const { container } = render(<DraftProblems problems={[]} blocking />)
    expect(container).toBeEmptyDOMElement()
  })
})
