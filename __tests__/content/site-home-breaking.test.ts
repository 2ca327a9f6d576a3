import { toBreakingNewsView } from '@/lib/content/breaking'
import { toHomeData } from '@/lib/content/home'
import { toSiteData } from '@/lib/content/site'
import { tagsForDocument } from '@/lib/content/tags'

let consoleError: jest.SpyInstance
beforeEach(() => {
  consoleError = jest.spyOn(console, 'error').mockImplementation(() => {})
})
afterEach(() => consoleError.mockRestore())
const logLines = () => consoleError.mock.calls.map((args) => args.join(' '))

const item = (over: Record<string, unknown> = {}) => ({
  _id: 'breaking-a',
  headline: 'Something happened',
  activeFrom: '2020-03-02T10:00:00Z',
  activeUntil: null,
  articleSlug: 'something-happened',
  ...over,
})

describe('breaking news', () => {
  const now = new Date('2020-03-02T12:00:00Z')

  it('shows the live item, linked to its article', () => {
    expect(toBreakingNewsView([item()], now)).toEqual({
      id: 'breaking-a',
      headline: 'Something happened',
      href: '/articles/something-happened',
      activeFrom: '2020-03-02T10:00:00Z',
      activeUntil: null,
    })
  })

  it('skips items not yet live or expired', () => {
    expect(toBreakingNewsView([item({ activeFrom: '2020-03-02T13:00:00Z' })], now)).toBeNull()
    expect(toBreakingNewsView([item({ activeUntil: '2020-03-02T11:00:00Z' })], now)).toBeNull()
    expect(toBreakingNewsView([item({ activeFrom: '2020-03-02T13:00:00Z' }), item({ _id: 'breaking-b' })], now)?.id).toBe('breaking-b')
  })

  it('drops a broken item with one log line', () => {
    expect(toBreakingNewsView([item({ headline: null })], now)).toBeNull()
    expect(logLines()).toEqual([
      '[content] breakingNews breakingNews: [0].headline: expected string, received null (breaking item dropped: breaking-a)',
    ])
  })

  it('has no link when the article is gone', () => {
    expect(toBreakingNewsView([item({ articleSlug: null })], now)?.href).toBeNull()
  })
})

describe('site settings', () => {
  const settings = {
    _id: 'siteSettings',
    siteName: 'RFE/RL',
    description: null,
    language: 'en',
    publisher: { name: 'Radio Free Europe/Radio Liberty', url: 'https://www.rferl.org/' },
    baseUrl: 'http://localhost:3000/',
    footerNotices: null,
  }

  it('maps settings and sections', () => {
    const data = toSiteData({ settings, sections: [{ _id: 'section-middle-east', title: 'Middle East', slug: 'middle-east' }] })
    expect(data).toEqual({
      settings: {
        siteName: 'RFE/RL',
        description: null,
        language: 'en',
        publisher: { name: 'Radio Free Europe/Radio Liberty', url: 'https://www.rferl.org/' },
        baseUrl: 'http://localhost:3000',
        sections: [{ title: 'Middle East', href: '/sections/middle-east' }],
      },
      footerNotices: [],
      trusted: true,
    })
    expect(consoleError).not.toHaveBeenCalled()
  })

  it('falls back (and says so) when the settings are broken, so the site still renders', () => {
    const data = toSiteData({ settings: { ...settings, language: 'English' }, sections: [] })
    expect(data.trusted).toBe(false)
    expect(data.settings.language).toBe('en')
    expect(logLines()).toEqual([
      '[content] siteSettings siteSettings: language: expected a BCP 47 language tag (using fallback settings)',
    ])
  })
})

describe('home', () => {
  const card = (id: string, publishedAt: string, breaking = false) => ({
    _id: id,
    headline: `Story ${id}`,
    slug: id,
    dek: null,
    kicker: null,
    publishedAt,
    updatedAt: null,
    thumbnail: null,
    breaking,
  })

  it('leads with the newest breaking story, else the newest', () => {
    const stories = [card('c', '2020-03-02T13:00:00Z'), card('b', '2020-03-02T12:00:00Z', true), card('a', '2020-03-02T11:00:00Z')]
    expect(toHomeData(stories).lead?.id).toBe('b')
    expect(toHomeData(stories).stories.map((s) => s.id)).toEqual(['c', 'a'])
    expect(toHomeData(stories.map((s) => ({ ...s, breaking: false }))).lead?.id).toBe('c')
  })

  it('drops a broken card; a broken thumbnail only costs the picture', () => {
    const stories = [card('ok', '2020-03-02T13:00:00Z'), { ...card('bad', '2020-03-02T12:00:00Z'), publishedAt: 'yesterday' }, { ...card('pic', '2020-03-02T11:00:00Z'), thumbnail: { alt: '' } }]
    const data = toHomeData(stories)
    expect([data.lead?.id, ...data.stories.map((s) => s.id)]).toEqual(['ok', 'pic'])
    expect(data.stories[0].thumbnail).toBeNull()
    expect(logLines()).toHaveLength(2)
    expect(logLines()[0]).toMatch(/^\[content\] homeStories latest: \[1\]\.publishedAt: expected an ISO 8601/)
    expect(logLines()[1]).toMatch(/^\[content\] homeStories latest: \[2\]\.thumbnail\.alt: .*\(thumbnail dropped\)$/)
  })
})

describe('cache tags', () => {
  it('names what a change to a document invalidates', () => {
    expect(tagsForDocument({ _id: 'drafts.article-x', _type: 'article', slug: { current: 'x' } })).toEqual([
      'type:article',
      'article:article-x',
      'article-slug:x',
    ])
    expect(tagsForDocument({ _id: 'siteSettings', _type: 'siteSettings' })).toEqual(['type:siteSettings', 'siteSettings:siteSettings', 'siteSettings'])
  })
})
