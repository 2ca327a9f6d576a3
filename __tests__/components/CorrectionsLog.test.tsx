import { render, screen, within } from '@testing-library/react'
import { CorrectionsLog } from '@/components/CorrectionsLog'
import type { CorrectionView } from '@/lib/content/view-models'

const corrections: CorrectionView[] = [
  {
    key: 'c1',
    type: 'correction',
    date: '2020-03-02T15:00:00Z',
    text: 'An earlier version of this story misstated the date of the Sochi meeting.',
  },
  {
    key: 'c2',
    type: 'clarification',
    date: '2020-03-03T09:30:00Z',
    text: 'This story has been updated to clarify who confirmed the talks.',
  },
]

describe('CorrectionsLog', () => {
  it('lists each entry with its type, date and text under a labelled heading', () => {
    render(<CorrectionsLog corrections={corrections} locale="en-US" />)
    const section = screen.getByRole('region', { name: 'Corrections and clarifications' })
    expect(within(section).getByRole('heading', { level: 2 })).toHaveTextContent('Corrections and clarifications')
    const items = within(section).getAllByRole('listitem')
    expect(items).toHaveLength(2)
    expect(items[0]).toHaveTextContent(/^Correction/)
    expect(items[0]).toHaveTextContent(corrections[0].text)
    expect(items[0].querySelector('time')).toHaveAttribute('datetime', '2020-03-02T15:00:00Z')
    expect(items[1]).toHaveTextContent(/^Clarification/)
    expect(items[1].querySelector('time')).toHaveAttribute('datetime', '2020-03-03T09:30:00Z')
  })

  it('renders nothing when there are no corrections', () => {
    const { container } = render(<CorrectionsLog corrections={[]} locale="en-US" />)
    expect(container).toBeEmptyDOMElement()
  })
})
