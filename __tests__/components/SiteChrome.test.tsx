import { render, screen, within } from '@testing-library/react'
import { SiteFooter } from '@/components/SiteFooter'
import { SiteHeader } from '@/components/SiteHeader'
import { TagList } from '@/components/TagList'
import type { SiteSettingsView } from '@/lib/content/view-models'
import { legalNotice } from './fixtures'

const settings: SiteSettingsView = {
  siteName: 'RFE/RL',
  description: null,
  language: 'en',
  publisher: { name: 'Radio Free Europe/Radio Liberty', url: 'https://www.rferl.org/' },
  baseUrl: 'http://localhost:3000',
  sections: [{ title: 'Middle East', href: '/sections/middle-east' }],
}

describe('SiteHeader', () => {
  it('links the masthead home and lists the sections in a "Sections" navigation', () => {
    render(<SiteHeader siteName="RFE/RL" sections={settings.sections} />)
    expect(screen.getByRole('link', { name: 'RFE/RL' })).toHaveAttribute('href', '/')
    const nav = screen.getByRole('navigation', { name: 'Sections' })
    expect(nav).toHaveAttribute('id', 'site-navigation')
    expect(nav).toHaveAttribute('tabindex', '-1')
    expect(within(nav).getByRole('link', { name: 'Middle East' })).toHaveAttribute('href', '/sections/middle-east')
    expect(screen.queryByRole('heading', { level: 1 })).toBeNull()
  })
})

describe('SiteFooter', () => {
  it('shows the notices, the publisher and the © line', () => {
    const notice = { ...legalNotice, placement: 'siteFooter' as const }
    render(<SiteFooter settings={settings} notices={[notice]} />)
    const footer = screen.getByRole('contentinfo')
    expect(within(footer).getByRole('region', { name: notice.title })).toBeInTheDocument()
    expect(within(footer).getByRole('link', { name: 'Radio Free Europe/Radio Liberty' })).toHaveAttribute(
      'href',
      'https://www.rferl.org/',
    )
    expect(footer).toHaveTextContent(`© ${new Date().getUTCFullYear()} Radio Free Europe/Radio Liberty`)
  })

  it('shows the publisher as text when it has no URL', () => {
    render(<SiteFooter settings={{ ...settings, publisher: { name: 'Newsroom', url: null } }} notices={[]} />)
    expect(screen.getByRole('contentinfo')).toHaveTextContent('Published by Newsroom')
    expect(screen.queryByRole('link')).toBeNull()
  })
})

describe('TagList', () => {
  it('lists the topics under a "Topics" heading', () => {
    render(<TagList tags={['Turkey', 'Russia', 'Syria']} />)
    const region = screen.getByRole('region', { name: 'Topics' })
    expect(within(region).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Turkey', 'Russia', 'Syria'])
  })

  it('renders nothing when empty', () => {
    const { container } = render(<TagList tags={[]} />)
    expect(container).toBeEmptyDOMElement()
  })
})
