import { render, screen } from '@testing-library/react'
import { LegalNotice } from '@/components/LegalNotice'
import type { LegalNoticeView } from '@/lib/content/view-models'
import { legalNotice } from './fixtures'

describe('LegalNotice', () => {
  it('is a region named by the notice title', () => {
    render(<LegalNotice notice={legalNotice} />)
    expect(
      screen.getByRole('region', { name: 'Undesirable organization notice for readers in Russia' }),
    ).toBeInTheDocument()
  })

  it('renders both body paragraphs and the link', () => {
    render(<LegalNotice notice={legalNotice} />)
    const region = screen.getByRole('region', { name: legalNotice.title })
    const paragraphs = region.querySelectorAll('p')
    expect(paragraphs[0]).toHaveTextContent(
      'RFE/RL has been declared an "undesirable organization" by the Russian government.',
    )
    expect(paragraphs[1]).toHaveTextContent(/^If you are in Russia or the Russia-controlled parts of Ukraine/)
    const link = screen.getByRole('link', { name: 'To find out more, click here.' })
    expect(link).toHaveAttribute('href', 'https://www.rferl.org/')
    expect(link).toHaveAttribute('rel', 'noopener noreferrer')
  })

  it('renders an unsafe notice link as text only', () => {
    const notice: LegalNoticeView = {
      ...legalNotice,
      link: { label: 'To find out more, click here.', url: 'javascript:alert(1)' },
    }
    render(<LegalNotice notice={notice} />)
    expect(screen.getByText('To find out more, click here.')).toBeInTheDocument()
    expect(screen.queryByRole('link')).toBeNull()
  })

  it('renders no link paragraph when the notice has no link', () => {
    render(<LegalNotice notice={{ ...legalNotice, link: null }} />)
    expect(screen.queryByRole('link')).toBeNull()
    expect(screen.getByRole('region', { name: legalNotice.title }).querySelectorAll('p')).toHaveLength(2)
  })
})
