/**
 * @jest-environment ./__tests__/pages/jsdom-with-node-fetch.environment.js
 *
 * The article page from the seed, through the real query path: the embedded lake runs in-process
 * on a random port, seeded from content/; the page's Server Component fetches through
 * @sanity/client, the zod models and the mappers; RTL renders what it returns.
 */
import { render, screen, within } from '@testing-library/react'
import { startSeededLakeForSuite } from '../support/seeded-lake'
import { REGION_NOTICE_TEXT, REGION_NOTICE_TITLE } from '../fixtures/region-notice'

const NOT_FOUND = new Error('NEXT_NOT_FOUND (test sentinel)')
jest.mock('next/navigation', () => ({
  ...jest.requireActual('next/navigation'),
  notFound: jest.fn(() => {
    throw NOT_FOUND
  }),
}))

// Imported after the mock so the page sees it.
import ArticlePage, { generateMetadata, generateStaticParams } from '@/app/(site)/articles/[slug]/page'
import RootLayout from '@/app/layout'
import { SiteChrome } from '@/app/site-chrome'
import { notFound } from 'next/navigation'
import { expectSilentConsole } from '../support/silent-console'

const SLUG = 'turkey-erdogan-putin-to-meet-in-moscow-this-week-for-syria-talks'
const HEADLINE = 'Turkey: Erdogan, Putin To Meet In Moscow This Week For Syria Talks'
const CAPTION =
  'Turkish President Recep Tayyip Erdogan (right) and Russian President Vladimir Putin mark the formal launch of the TurkStream pipeline on January 8.'
const PARAGRAPHS = [
  "Turkish President Recep Tayyip Erdogan and his Russian counterpart, Vladimir Putin, will hold talks this week in Moscow amid mounting tensions in Syria, Turkey's presidency said March 2.",
  'Turkey confirmed on March 2 that it had launched a full military operation against Russian-backed Syrian forces following increasing clashes in the last rebel stronghold of Idlib.',
  'The latest escalation followed the killing of 34 Turkish soldiers last week in an air strike blamed on Syria.',
  '"The president is due to pay a one-day visit to Russia on March 5," the Turkish presidency said in a statement.',
  'Kremlin spokesman Dmitry Peskov on March 2 also confirmed the talks on Syria in Moscow.',
  "But the Kremlin drew Turkey's attention to a warning from the Russian Defense Ministry that Moscow could not guarantee the safety of Turkish planes flying in Syria.",
  'Turkey killed 19 Syrian soldiers in drone strikes on March 1 and shot down two government warplanes.',
  'Turkey and Russia -- which back opposing sides in the conflict -- have avoided direct confrontation so far. The two countries share significant defense and trade ties.',
  'Putin on March 2 told Russian news agency TASS that Russia does not plan to go to war with anyone, but wants to dissuade other countries from engaging in conflict with Moscow.',
  "Erdogan and Putin agreed at a meeting in Russia's Black Sea resort of Sochi in October 2019 to conduct joint military patrols in northeast Syria.",
  'But Syria and Russia look increasingly determined to regain full control of the area and an offensive launched in December has displaced close to a million civilians.',
]
const NOTICE = [
  'RFE/RL has been declared an "undesirable organization" by the Russian government.',
  'If you are in Russia or the Russia-controlled parts of Ukraine and hold a Russian passport or are a stateless person residing permanently in Russia or the Russia-controlled parts of Ukraine, please note that you could face fines or imprisonment for sharing, liking, commenting on, or saving our content, or for contacting us.',
]

startSeededLakeForSuite('article-page', { regionNotice: true })

// No console errors or warnings while rendering (React warnings, content problems in the seed).
expectSilentConsole(['error', 'warn'])

/** Text without the whitespace differences of markup. */
const squash = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim()

/** `region`: the variant the front door rewrites readers from that region to (the test notice is for RU). */
async function renderArticle(slug = SLUG, region?: string) {
  const page = await ArticlePage({ params: Promise.resolve(region ? { slug, region } : { slug }) })
  return render(page)
}

describe('article page, from the seed through the lake', () => {
  it('renders the story: banner, the only h1, dates, figure, every paragraph', async () => {
    const { container } = await renderArticle()

    const banner = screen.getByRole('region', { name: 'Breaking News' })
    expect(within(banner).getByRole('link', { name: HEADLINE })).toHaveAttribute('href', `/articles/${SLUG}`)

    const h1s = screen.getAllByRole('heading', { level: 1 })
    expect(h1s).toHaveLength(1)
    expect(h1s[0]).toHaveTextContent(HEADLINE)

    const article = container.querySelector('article.article')!
    expect(article).not.toBeNull()
    const updated = within(article as HTMLElement).getByText(/Updated/)
    const updatedTime = updated.querySelector('time')!
    expect(updatedTime).toHaveAttribute('datetime', '2020-03-02T14:00:00Z')
    expect(article.querySelector('time[datetime="2020-03-02T10:00:00Z"]')).not.toBeNull()

    const figure = article.querySelector('figure')!
    const img = within(figure as HTMLElement).getByRole('img')
    expect(img.getAttribute('alt')).toMatch(/^Abstract graphic: two large overlapping translucent circles/)
    // First-party image URL (under jest, next/image wraps it in its default loader's /_next/image).
    const src = decodeURIComponent(img.getAttribute('src') ?? '')
    expect(src).toMatch(/\/media\/images\/local\/production\/[a-f0-9]{40}-1600x900\.png\?auto=format/)
    expect(src).not.toMatch(/^https?:/)
    const figcaption = figure.querySelector('figcaption')!
    expect(squash(figcaption.textContent)).toContain(CAPTION)
    expect(squash(figcaption.textContent)).toContain('Stand-in graphic generated for this site; original photo not available')

    const paragraphs = Array.from(article.querySelectorAll('p')).map((p) => squash(p.textContent))
    for (const text of PARAGRAPHS) expect(paragraphs).toContain(text)
    // In the source order.
    const positions = PARAGRAPHS.map((text) => paragraphs.indexOf(text))
    expect([...positions].sort((a, b) => a - b)).toEqual(positions)
  })

  it('shows every reader the seed’s notice, and readers outside RU no RU-only notice', async () => {
    await renderArticle()
    expect(screen.getByRole('region', { name: 'Undesirable organization notice for readers in Russia' })).toBeInTheDocument()
    expect(screen.queryByRole('region', { name: REGION_NOTICE_TITLE })).toBeNull()
    expect(screen.queryByText(REGION_NOTICE_TEXT)).toBeNull()
  })

  it('shows readers in a notice’s region that notice too, after everyone’s (RU variant)', async () => {
    await renderArticle(SLUG, 'RU')
    const notices = screen.getAllByRole('region', { name: /notice for readers in Russia/ })
    expect(notices.map((notice) => notice.getAttribute('aria-label'))).toEqual(['Undesirable organization notice for readers in Russia', REGION_NOTICE_TITLE])
    expect(within(notices[1]).getByText(REGION_NOTICE_TEXT)).toBeInTheDocument()
  })

  it('credits the agencies, shows the legal notice at the plain URL, the text-size buttons, related stories and tags', async () => {
    const { container } = await renderArticle()
    const article = container.querySelector('article.article') as HTMLElement

    const attribution = Array.from(article.querySelectorAll('p')).find((p) => squash(p.textContent).startsWith('Based on reporting by'))
    expect(squash(attribution?.textContent)).toBe('Based on reporting by Reuters, AFP, and TASS')

    const notice = screen.getByRole('region', { name: 'Undesirable organization notice for readers in Russia' })
    expect(within(notice).getByText(NOTICE[0])).toBeInTheDocument()
    expect(within(notice).getByText(NOTICE[1])).toBeInTheDocument()
    expect(within(notice).getByRole('link', { name: 'To find out more, click here.' })).toHaveAttribute('href', 'https://www.rferl.org/')

    const sizes = screen.getByRole('group', { name: 'Text size' })
    const buttons = within(sizes).getAllByRole('button')
    expect(buttons.map((b) => b.textContent)).toEqual(['XS', 'SM', 'MD', 'LG'])
    expect(within(sizes).getByRole('button', { name: /^MD/ })).toHaveAttribute('aria-pressed', 'true')

    for (const [headline, slug] of [
      ['Turkey: Full Military Operation Against Russian-Backed Syrian Forces In Idlib', 'turkey-full-military-operation-in-idlib'],
      ['Kremlin: Moscow Could Not Guarantee Safety Of Turkish Planes Flying In Syria', 'kremlin-moscow-could-not-guarantee-safety-of-turkish-planes-in-syria'],
      ['Putin: Russia Does Not Plan To Go To War With Anyone', 'putin-russia-does-not-plan-to-go-to-war-with-anyone'],
      ['Erdogan, Putin Agreed In Sochi To Conduct Joint Military Patrols In Northeast Syria', 'erdogan-putin-agreed-in-sochi-to-joint-patrols-in-northeast-syria'],
    ]) {
      expect(screen.getByRole('link', { name: headline })).toHaveAttribute('href', `/articles/${slug}`)
    }

    for (const tag of ['Turkey', 'Russia', 'Syria', 'Idlib']) {
      expect(within(article).getAllByText(tag).length).toBeGreaterThan(0)
    }
  })

  it('puts the parts in the order of the source page, notice included, at the plain URL', async () => {
    const { container } = await renderArticle()
    const text = squash(container.textContent)
    const order = [
      'Breaking News',
      HEADLINE,
      'Updated',
      'XS',
      CAPTION,
      PARAGRAPHS[0],
      PARAGRAPHS[10],
      'Based on reporting by Reuters, AFP, and TASS',
      NOTICE[0],
      NOTICE[1],
      'To find out more, click here.',
    ]
    const at = order.map((part) => text.indexOf(part))
    expect(at.every((i) => i >= 0)).toBe(true)
    expect([...at].sort((a, b) => a - b)).toEqual(at)
  })

  it('sits in the layout: skip links first, main landmark, navigation target, lang', async () => {
    const page = await ArticlePage({ params: Promise.resolve({ slug: SLUG }) })
    const chrome = await SiteChrome({ children: page })
    const layout = await RootLayout({ children: chrome })
    // <html> cannot be rendered into a <div>: render the body's children and check <html>'s props.
    expect(layout.type).toBe('html')
    expect(layout.props.lang).toBe('en')
    const body = (layout.props.children as React.ReactElement<{ children: React.ReactNode }>[]).find((child) => child?.type === 'body')!
    expect(body.props.children).toBe(chrome)
    const { container } = render(<>{body.props.children}</>)
    const links = Array.from(container.querySelectorAll('a'))
    expect(links[0]).toHaveTextContent('Skip to main content')
    expect(links[0]).toHaveAttribute('href', '#main-content')
    expect(links[1]).toHaveAttribute('href', '#site-navigation')
    expect(screen.getByRole('main')).toHaveAttribute('id', 'main-content')
    expect(container.querySelector('nav#site-navigation')).not.toBeNull()
    expect(within(screen.getByRole('main')).getAllByRole('heading', { level: 1 })).toHaveLength(1)
  })

  it('describes itself to search engines and readers sharing it', async () => {
    const metadata = await generateMetadata({ params: Promise.resolve({ slug: SLUG }) })
    expect(metadata.title).toBe(HEADLINE)
    expect(metadata.alternates?.canonical).toBe(`http://localhost:3000/articles/${SLUG}`)
    expect(metadata.robots).toMatchObject({ 'max-image-preview': 'large' })
  })

  it('lists the published slugs for static generation', async () => {
    const params = await generateStaticParams()
    expect(params).toContainEqual({ slug: SLUG })
    expect(params.length).toBeGreaterThanOrEqual(5)
  })

  it('calls notFound() for an unknown slug and for strings that are not slugs', async () => {
    for (const slug of ['no-such-story', '../../etc/passwd', 'Turkey-Erdogan', 'x'.repeat(200)]) {
      jest.mocked(notFound).mockClear()
      await expect(ArticlePage({ params: Promise.resolve({ slug }) })).rejects.toBe(NOT_FOUND)
      expect(notFound).toHaveBeenCalledTimes(1)
    }
    await expect(generateMetadata({ params: Promise.resolve({ slug: 'no-such-story' }) })).rejects.toBe(NOT_FOUND)
  })
})
