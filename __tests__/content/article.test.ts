import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startLakeServer } from '@/lib/lake'
import { startSeededLakeForSuite } from '../support/seeded-lake'
import { getPublishedClient } from '@/lib/sanity/client'
import { articleBySlugQuery, getArticleBySlug, sectionLatestQuery, toArticleView } from '@/lib/content/article'
import { getArticleSlugs } from '@/lib/content/slugs'
import { homeStoriesQuery } from '@/lib/content/home'
import { LEAD_ARTICLE_ID, LEAD_SLUG } from './seed'

/**
 * The article boundary against the real lake (seeded from content/), and its degrade rules on
 * real query results with one part broken at a time.
 */
let raw: Record<string, any>
let consoleError: jest.SpyInstance

const lake = startSeededLakeForSuite('content-article')

beforeAll(async () => {
  // Typed by TypeGen's query map; the tests break it on purpose, so keep it loose here.
  raw = (await getPublishedClient().fetch(articleBySlugQuery, { slug: LEAD_SLUG })) as unknown as Record<string, any>
}, 30_000)

beforeEach(() => {
  consoleError = jest.spyOn(console, 'error').mockImplementation(() => {})
})
afterEach(() => consoleError.mockRestore())

const broken = (change: (r: Record<string, any>) => void) => {
  const copy = structuredClone(raw)
  change(copy)
  return copy
}
const logLines = () => consoleError.mock.calls.map((args) => args.join(' '))

describe('getArticleBySlug (through the lake)', () => {
  it('maps the seed article into the view model', async () => {
    const article = await getArticleBySlug(LEAD_SLUG)
    expect(consoleError).not.toHaveBeenCalled()
    expect(article).toMatchObject({
      id: LEAD_ARTICLE_ID,
      slug: LEAD_SLUG,
      href: `/articles/${LEAD_SLUG}`,
      headline: 'Turkey: Erdogan, Putin To Meet In Moscow This Week For Syria Talks',
      kicker: 'Turkey',
      section: { title: 'Middle East', href: '/sections/middle-east' },
      publishedAt: '2020-03-02T10:00:00Z',
      updatedAt: '2020-03-02T14:00:00Z',
      breaking: true,
      attribution: {
        label: 'Based on reporting by',
        agencies: [
          { name: 'Reuters', shortName: 'Reuters', url: 'https://www.reuters.com/' },
          { name: 'Agence France-Presse', shortName: 'AFP', url: 'https://www.afp.com/' },
          { name: 'TASS Russian News Agency', shortName: 'TASS', url: 'https://tass.com/' },
        ],
        text: null,
      },
      tags: ['Turkey', 'Russia', 'Syria', 'Idlib'],
      corrections: [],
    })
    expect(article!.body).toHaveLength(11)
    expect(article!.leadFigure).toMatchObject({ width: 1600, height: 900, credit: expect.stringMatching(/^Stand-in graphic/) })
    expect(article!.leadFigure!.url).toMatch(/^\/media\/images\/local\/production\/[a-f0-9]{40}-1600x900\.png\?auto=format$/)
    expect(article!.legalNotices.map((n) => [n.id, n.regions, n.placement, n.link?.label])).toEqual([
      ['legal-notice-undesirable-ru', null, 'articleFooter', 'To find out more, click here.'],
    ])
    expect(article!.related.map((r) => r.href)).toEqual([
      '/articles/turkey-full-military-operation-in-idlib',
      '/articles/kremlin-moscow-could-not-guarantee-safety-of-turkish-planes-in-syria',
      '/articles/putin-russia-does-not-plan-to-go-to-war-with-anyone',
      '/articles/erdogan-putin-agreed-in-sochi-to-joint-patrols-in-northeast-syria',
    ])
  })

  it('returns null for an unknown slug', async () => {
    expect(await getArticleBySlug('no-such-story')).toBeNull()
    expect(consoleError).not.toHaveBeenCalled()
  })

  it('lists the published slugs', async () => {
    const slugs = await getArticleSlugs()
    expect(slugs).toContain(LEAD_SLUG)
    expect(slugs).toHaveLength(5)
  })

  it('falls back to the latest stories of the section when none are hand-picked', async () => {
    await lake().store.mutate([{ patch: { id: 'article-turkey-idlib-military-operation', unset: ['related'] } }])
    const article = await getArticleBySlug('turkey-full-military-operation-in-idlib')
    // Newest first, the article itself excluded.
    expect(article!.related.map((r) => r.id)).toEqual([
      'article-sochi-joint-patrols-agreement',
      'article-putin-tass-no-plan-for-war',
      'article-kremlin-turkish-planes-warning',
      'article-erdogan-putin-moscow-talks',
    ])
    expect(article!.related).toHaveLength(4)
    expect(article!.related.some((r) => r.id === 'article-turkey-idlib-military-operation')).toBe(false)
    const times = article!.related.map((r) => Date.parse(r.publishedAt))
    expect([...times].sort((a, b) => b - a)).toEqual(times)
  })

  it('asks the lake only for what its indexes can find (no page query scans every article)', async () => {
    const bySlug = await lake().store.query(articleBySlugQuery, { slug: LEAD_SLUG }, { authenticated: false })
    expect(bySlug.plan).toBe('indexed')
    const latest = await lake().store.query(
      sectionLatestQuery,
      { sectionId: 'section-middle-east', articleId: LEAD_ARTICLE_ID },
      { authenticated: false },
    )
    expect(latest.plan).toBe('ordered')
    expect((latest.result as unknown[]).length).toBe(4)
    const home = await lake().store.query(homeStoriesQuery, { limit: 20 }, { authenticated: false })
    expect(home.plan).toBe('ordered')
  })
})

describe('degrade rules', () => {
  it('an article without a headline cannot be trusted: null, one log line naming query, _id and path', () => {
    expect(toArticleView(broken((r) => delete r.headline))).toBeNull()
    expect(logLines()).toEqual([
      `[content] articleBySlug ${LEAD_ARTICLE_ID}: headline: expected string, received undefined (article not shown)`,
    ])
  })

  it('a corrupt body paragraph makes the article untrustworthy', () => {
    expect(toArticleView(broken((r) => (r.body[4].children[0].text = 7)))).toBeNull()
    expect(logLines()).toEqual([`[content] articleBySlug ${LEAD_ARTICLE_ID}: body[4].children[0].text: span text must be a string (article not shown)`])
  })

  it('a lead figure without alt is dropped, the story renders', () => {
    const article = toArticleView(broken((r) => (r.leadFigure.alt = null)))
    expect(article).not.toBeNull()
    expect(article!.leadFigure).toBeNull()
    expect(logLines()).toEqual([`[content] articleBySlug ${LEAD_ARTICLE_ID}: leadFigure.alt: alt text is required (lead figure dropped)`])
  })

  it('a bad legal notice is dropped, the good one stays', () => {
    const article = toArticleView(
      broken((r) => {
        r.legalNotices.unshift({ ...structuredClone(r.legalNotices[0]), _id: 'legal-notice-broken', title: null })
      }),
    )
    expect(article!.legalNotices.map((n) => n.id)).toEqual(['legal-notice-undesirable-ru'])
    expect(logLines()).toEqual([
      `[content] articleBySlug ${LEAD_ARTICLE_ID}: legalNotices[0].title: expected string, received null (legal notice dropped)`,
    ])
  })

  it('a dangling or broken related story is dropped, the others stay', () => {
    const article = toArticleView(
      broken((r) => {
        r.related[1] = null
        r.related[2].slug = 'Not A Slug'
      }),
    )
    expect(article!.related).toHaveLength(2)
    expect(logLines()).toHaveLength(2)
    expect(logLines()[0]).toMatch(/^\[content\] articleBySlug article-erdogan-putin-moscow-talks: related\[1\]: expected object, received null \(story dropped/)
    expect(logLines()[1]).toMatch(/related\[2\]\.slug: a slug uses lower-case/)
  })

  it('a corrupt inline figure and an unknown block type are dropped, the text stays', () => {
    const article = toArticleView(
      broken((r) => {
        r.body.splice(2, 0, { _type: 'figure', _key: 'fig1', alt: 'ok alt', caption: null, credit: null, hotspot: null, crop: null, asset: null })
        r.body.splice(5, 0, { _type: 'youtube', _key: 'yt1' })
      }),
    )
    expect(article!.body).toHaveLength(11)
    expect(article!.body.every((b) => b._type === 'block')).toBe(true)
    expect(logLines()).toEqual([
      `[content] articleBySlug ${LEAD_ARTICLE_ID}: body[2].asset: the image asset is missing (not imported?) (inline figure dropped)`,
      `[content] articleBySlug ${LEAD_ARTICLE_ID}: body[5]._type: unknown block type "youtube" (allowed: block, figure) (block dropped)`,
    ])
  })

  it('an unsafe link loses its link, not its words', () => {
    const article = toArticleView(
      broken((r) => {
        r.body[0].markDefs = [{ _type: 'link', _key: 'bad', href: 'javascript:alert(document.cookie)' }]
        r.body[0].children[0].marks = ['bad', 'strong']
      }),
    )
    const block = article!.body[0] as { markDefs: unknown[]; children: { text: string; marks: string[] }[] }
    expect(block.markDefs).toEqual([])
    expect(block.children[0].marks).toEqual(['strong'])
    expect(block.children[0].text).toMatch(/^Turkish President Recep Tayyip Erdogan/)
    expect(logLines()).toEqual([
      `[content] articleBySlug ${LEAD_ARTICLE_ID}: body[0].markDefs[0].href: expected an http(s), mailto: or relative link (link removed, text kept)`,
    ])
  })

  it('a broken agency is dropped; no agencies and no text → no attribution line', () => {
    const one = toArticleView(broken((r) => (r.attribution.agencies[1].shortName = '')))
    expect(one!.attribution!.agencies.map((a) => a.shortName)).toEqual(['Reuters', 'TASS'])
    const none = toArticleView(broken((r) => (r.attribution.agencies = [null])))
    expect(none!.attribution).toBeNull()
  })

  it('corrections are shown oldest first; a broken one is dropped', () => {
    const article = toArticleView(
      broken((r) => {
        r.corrections = [
          { _key: 'b', type: 'clarification', date: '2020-03-03T09:00:00Z', text: 'Clarified the date of the visit.' },
          { _key: 'a', type: 'correction', date: '2020-03-02T15:00:00Z', text: 'An earlier version misspelled Peskov.' },
          { _key: 'c', type: 'retraction', date: '2020-03-04T09:00:00Z', text: 'Not a known type.' },
        ]
      }),
    )
    expect(article!.corrections.map((c) => c.key)).toEqual(['a', 'b'])
    expect(logLines()).toEqual([expect.stringMatching(/^\[content\] articleBySlug article-erdogan-putin-moscow-talks: corrections\[2\]\.type: .* \(correction dropped\)$/)])
  })
})

describe('slugs and failures', () => {
  it('refuses strings that are not slugs without querying (even with the lake unreachable)', async () => {
    process.env.LAKE_URL = 'http://127.0.0.1:9' // nothing listens: a query would throw
    try {
      for (const slug of ['', 'UPPER', 'two--hyphens', '-lead', 'trail-', '../etc', 'a'.repeat(97), 'ünïcode']) {
        await expect(getArticleBySlug(slug)).resolves.toBeNull()
      }
    } finally {
      process.env.LAKE_URL = lake().url
    }
  })

  it('throws (error page, not 404) when the lake cannot be reached', async () => {
    const closed = await startLakeServer({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'content-closed-')), port: 0 })
    const url = closed.url
    await closed.close()
    process.env.LAKE_URL = url
    try {
      await expect(getArticleBySlug(LEAD_SLUG)).rejects.toThrow()
    } finally {
      process.env.LAKE_URL = lake().url
    }
  }, 60_000)
})
