import { render, screen } from '@testing-library/react'
import { AttributionLine } from '@/components/AttributionLine'
import type { AttributionView } from '@/lib/content/view-models'
import { agencies } from './fixtures'

const label = 'Based on reporting by'

function renderLine(attribution: AttributionView, locale = 'en-US') {
  return render(<AttributionLine attribution={attribution} locale={locale} />)
}

describe('AttributionLine', () => {
  it('names a single agency', () => {
    const { container } = renderLine({ label, agencies: agencies.slice(0, 1), text: null })
    expect(container).toHaveTextContent(/^Based on reporting by Reuters$/)
  })

  it('joins two agencies with "and"', () => {
    const { container } = renderLine({ label, agencies: agencies.slice(0, 2), text: null })
    expect(container).toHaveTextContent(/^Based on reporting by Reuters and AFP$/)
  })

  it('joins three agencies with the Oxford comma (as en-US Intl.ListFormat does)', () => {
    const { container } = renderLine({ label, agencies, text: null })
    expect(container).toHaveTextContent(/^Based on reporting by Reuters, AFP, and TASS$/)
  })

  it('follows the locale\'s list rules', () => {
    const { container } = renderLine({ label: 'Nach Berichten von', agencies, text: null }, 'de')
    expect(container).toHaveTextContent(/^Nach Berichten von Reuters, AFP und TASS$/)
  })

  it('expands short names in <abbr title> only when they differ from the full name', () => {
    renderLine({ label, agencies, text: null })
    expect(screen.getByTitle('Agence France-Presse')).toHaveTextContent('AFP')
    expect(screen.getByTitle('Agence France-Presse').tagName).toBe('ABBR')
    expect(screen.getByTitle('TASS Russian News Agency').tagName).toBe('ABBR')
    expect(screen.queryByTitle('Reuters')).toBeNull()
    expect(screen.queryByRole('link')).toBeNull()
  })

  it('shows the free text when there are no agencies', () => {
    const { container } = renderLine({ label, agencies: [], text: 'With reporting by our Moscow bureau.' })
    expect(container).toHaveTextContent(/^With reporting by our Moscow bureau\.$/)
  })

  it('adds the free text after the agency list', () => {
    const { container } = renderLine({ label, agencies: agencies.slice(0, 1), text: 'and staff reports.' })
    expect(container).toHaveTextContent(/^Based on reporting by Reuters and staff reports\.$/)
  })

  it('renders nothing with neither agencies nor text', () => {
    const { container } = renderLine({ label, agencies: [], text: null })
    expect(container).toBeEmptyDOMElement()
  })

  it('falls back to English for an invalid locale instead of throwing', () => {
    const { container } = renderLine({ label, agencies: agencies.slice(0, 2), text: null }, 'not a locale')
    expect(container).toHaveTextContent(/^Based on reporting by Reuters and AFP$/)
  })
})
