/**
 * @jest-environment ./__tests__/pages/jsdom-with-node-fetch.environment.js
 *
 * Home and section pages from the seed, through the real query path (in-process lake).
 */
import { render, screen, within } from '@testing-library/react'
import { startSeededLakeForSuite } from '../support/seeded-lake'

const NOT_FOUND = new Error('NEXT_NOT_FOUND (test sentinel)')
jest.mock('next/navigation', () => ({
  ...jest.requireActual('next/navigation'),
  notFound: jest.fn(() => {
    throw NOT_FOUND
  }),
}))

import HomePage from '@/app/(site)/page'
import SectionPage from '@/app/(site)/sections/[slug]/page'
import NotFound from '@/app/not-found'
import { expectSilentConsole } from '../support/silent-console'

startSeededLakeForSuite('home-page')

expectSilentConsole()

describe('home page', () => {
  it('shows the breaking banner, the lead story and the latest stories, each linking to its article', async () => {
    render(await HomePage())
    expect(screen.getByRole('region', { name: 'Breaking News' })).toBeInTheDocument()
    expect(screen.getAllByRole('heading', { level: 1 })).toHaveLength(1)

    const lead = screen.getByRole('region', { name: 'Top story' })
    // The breaking story leads, although newer stories exist.
    expect(within(lead).getByRole('link', { name: 'Turkey: Erdogan, Putin To Meet In Moscow This Week For Syria Talks' })).toHaveAttribute(
      'href',
      '/articles/turkey-erdogan-putin-to-meet-in-moscow-this-week-for-syria-talks',
    )
    expect(within(lead).getByRole('img')).toHaveAttribute('alt', expect.stringMatching(/^Abstract graphic/))

    const latest = screen.getByRole('region', { name: 'Latest stories' })
    const links = within(latest).getAllByRole('link')
    expect(links.map((a) => a.getAttribute('href'))).toEqual([
      '/articles/erdogan-putin-agreed-in-sochi-to-joint-patrols-in-northeast-syria',
      '/articles/putin-russia-does-not-plan-to-go-to-war-with-anyone',
      '/articles/kremlin-moscow-could-not-guarantee-safety-of-turkish-planes-in-syria',
      '/articles/turkey-full-military-operation-in-idlib',
    ])
    expect(within(latest).getByText("The Kremlin drew Turkey's attention to a warning from the Russian Defense Ministry.")).toBeInTheDocument()
    expect(latest.querySelectorAll('time[datetime]')).toHaveLength(4)
  })
})

describe('section page', () => {
  it('lists the stories of the section', async () => {
    render(await SectionPage({ params: Promise.resolve({ slug: 'middle-east' }) }))
    expect(screen.getByRole('heading', { level: 1, name: 'Middle East' })).toBeInTheDocument()
    expect(screen.getAllByRole('article')).toHaveLength(5)
  })

  it('404s for an unknown section', async () => {
    await expect(SectionPage({ params: Promise.resolve({ slug: 'sport' }) })).rejects.toBe(NOT_FOUND)
  })
})

describe('not-found page', () => {
  it('says what happened and links home, inside the site chrome (it sits under the bare root layout)', async () => {
    render(await NotFound())
    expect(screen.getByRole('link', { name: 'Skip to main content' })).toBeInTheDocument()
    expect(screen.getByRole('main')).toContainElement(screen.getByRole('heading', { level: 1 }))
    expect(screen.getByRole('heading', { level: 1, name: 'Page not found' })).toBeInTheDocument()
    expect(screen.getByRole('link', { name: /home page/ })).toHaveAttribute('href', '/')
  })
})
