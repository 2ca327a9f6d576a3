import { fireEvent, render, screen } from '@testing-library/react'
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

  it('moves focus to the target when activated', () => {
    render(<Page />)
    fireEvent.click(screen.getByRole('link', { name: 'Skip to main content' }))
    expect(document.activeElement).toBe(document.getElementById('main-content'))
    fireEvent.click(screen.getByRole('link', { name: 'Skip to navigation' }))
    expect(document.activeElement).toBe(document.getElementById('site-navigation'))
  })

  it('are hidden by a class that shows them on focus (see app/globals.css)', () => {
    render(<Page />)
    screen.getAllByRole('link', { name: /^Skip to/ }).forEach((link) => expect(link).toHaveClass('skip-link'))
  })
})
