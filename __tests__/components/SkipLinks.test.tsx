import { render, screen } from '@testing-library/react'
import { SkipLinks } from '@/components/SkipLinks'
import { SiteHeader } from '@/components/SiteHeader'


function Page() {
  return (
    <>
      <SkipLinks />
      <SiteHeader siteName="RFE/RL" sections={[{ title: 'Middle East', href: '/sections/middle-east' }]} />
      <main id="main-content" tabIndex={-1}>
        <h1>Headline</h1>
        <a href="/elsewhere">A link in the story</a>
      </main>
    </>
  )
}

const FOCUSABLE = 'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])'

describe('SkipLinks', () => {
  it('are the first focusable elements, pointing at main content then navigation', () => {
    const { container } = render(<Page />)
    const focusable = [...container.querySelectorAll(FOCUSABLE)]
    expect(focusable[0]).toHaveTextContent('Skip to main content')
    expect(focusable[0]).toHaveAttribute('href', '#main-content')
    expect(focusable[1]).toHaveTextContent('Skip to navigation')
    expect(focusable[1]).toHaveAttribute('href', '#site-navigation')
  })

  it('targets elements that exist in the layout', () => {
    render(<Page />)
    expect(document.getElementById('main-content')).toBeInTheDocument()
    expect(document.getElementById('site-navigation')).toHaveAttribute('tabindex', '-1')
    expect(screen.getByRole('navigation', { name: 'Sections' })).toHaveAttribute('id', 'site-navigation')
  })

  it('need no script: plain fragment links to targets the browser can focus (tabindex -1)', () => {
    // Following a fragment link focuses a focusable target (HTML's focusing steps); jsdom does not
    // navigate, so browser-tests/article.test.ts checks the focus move in Chromium.
    render(<Page />)
    for (const link of screen.getAllByRole('link', { name: /^Skip to/ })) {
      const target = document.getElementById(link.getAttribute('href')!.slice(1))
      expect(target).toHaveAttribute('tabindex', '-1')
    }
  })

  it('are hidden by a class that shows them on focus (see app/globals.css)', () => {
    render(<Page />)
    screen.getAllByRole('link', { name: /^Skip to/ }).forEach((link) => expect(link).toHaveClass('skip-link'))
  })
})
