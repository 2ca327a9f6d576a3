/**
 * @jest-environment ./__tests__/pages/jsdom-with-node-fetch.environment.js
 *
 * Click-to-edit stega, through the real query path (seeded lake in-process, @sanity/client, zod,
 * the page): readers' pages, metadata, lite page, feed and sitemaps carry none of its invisible
 * characters; in draft mode the story's display text — headline, dek, body text, caption, credit —
 * carries the edit link to its field, and nothing else does: no attribute (dates, hrefs, alt, lang),
 * no JSON-LD, no metadata, no lite page.
 */
import { render } from '@testing-library/react'
import { createClient } from '@sanity/client'
import { startLakeForSuite } from '../support/seeded-lake'
import { decodeStega, hasStega } from '../support/stega'
import { previewAs, stopPreviewing } from '../support/draft-headers'

jest.setTimeout(60_000)

jest.mock('next/headers', () => require('../support/draft-headers').draftHeaders)

import ArticlePage, { generateMetadata } from '@/app/(site)/articles/[slug]/page'
import { GET as liteGet } from '@/app/(site)/articles/[slug]/lite/[audience]/route'
import { GET as feedGet } from '@/app/feed.xml/route'
import { GET as sitemapGet } from '@/app/sitemap.xml/route'
import { GET as newsSitemapGet } from '@/app/news-sitemap.xml/route'
import { getArticleBySlug } from '@/lib/content/article'
import { LEAD_ARTICLE_ID, LEAD_SLUG } from '../content/seed'

const TOKEN = 'stega-test-token-0123456789abcdefghijklmnop'
const lake = startLakeForSuite('stega', { token: TOKEN, serverToken: true })

const DRAFT_HEADLINE = 'Draft headline: Erdogan and Putin to meet'
const DRAFT_DEK = 'A dek only the draft has.'

beforeAll(async () => {
  const editor = createClient({ projectId: 'local', dataset: 'production', apiVersion: '2025-02-19', apiHost: lake().url, useProjectHostname: false, useCdn: false, token: TOKEN, ignoreBrowserTokenWarning: true })
  const published = await editor.getDocument(LEAD_ARTICLE_ID)
  if (!published) throw new Error(`the seed has no ${LEAD_ARTICLE_ID}`)
  const { _rev: _r, _updatedAt: _u, ...lead } = published
  await editor.createOrReplace({ ...lead, _id: `drafts.${LEAD_ARTICLE_ID}`, headline: DRAFT_HEADLINE, dek: DRAFT_DEK })
})

afterEach(() => {
  stopPreviewing()
})

async function renderArticle() {
  return render(await ArticlePage({ params: Promise.resolve({ slug: LEAD_SLUG }) }))
}

/** Every attribute value in the rendered page, with where it sits. */
function attributes(root: Element): { where: string; value: string }[] {
  return [root, ...root.querySelectorAll('*')].flatMap((el) => [...el.attributes].map((attr) => ({ where: `${el.tagName.toLowerCase()}[${attr.name}]`, value: attr.value })))
}

const editPath = (text: string | null | undefined) => {
  const info = decodeStega(text ?? '')
  const params = info?.href.split('/intent/edit/')[1]?.split('?')[0]
  return params ? new URLSearchParams(params.replaceAll(';', '&')).get('path') : null
}

describe('readers (no draft mode): not one stega character', () => {
  it('the article page, its metadata, lite page, feed and sitemaps', async () => {
    const { container } = await renderArticle()
    expect(container.querySelector('h1')?.textContent).toBe('Turkey: Erdogan, Putin To Meet In Moscow This Week For Syria Talks')
    expect(hasStega(container.innerHTML)).toBe(false)
    expect(hasStega(JSON.stringify(await generateMetadata({ params: Promise.resolve({ slug: LEAD_SLUG }) })))).toBe(false)
    const lite = await liteGet(new Request('http://localhost/x'), { params: Promise.resolve({ slug: LEAD_SLUG, audience: 'everyone' }) })
    expect(hasStega(await lite.text())).toBe(false)
    for (const response of [await feedGet(), await sitemapGet(), await newsSitemapGet()]) expect(hasStega(await response.text())).toBe(false)
  })
})

describe('editors (draft mode): stega in display text only', () => {
  it('headline, dek, body text, caption and credit link to their fields in the draft', async () => {
    previewAs(TOKEN)
    const { container } = await renderArticle()
    const h1 = container.querySelector('h1')
    expect(hasStega(h1?.textContent)).toBe(true)
    const info = decodeStega(h1?.textContent ?? '')
    expect(info?.origin).toBe('sanity.io')
    expect(info?.href).toMatch(new RegExp(`^/studio/intent/edit/.*id=${LEAD_ARTICLE_ID};type=article;path=headline`))
    expect(editPath([...container.querySelectorAll('p')].find((p) => p.textContent?.startsWith(DRAFT_DEK))?.textContent)).toBe('dek')
    const paragraph = [...container.querySelectorAll('p')].find((p) => p.textContent?.startsWith('Turkish President Recep Tayyip Erdogan and his Russian'))
    expect(editPath(paragraph?.textContent)).toBe('body[_key=="p01"].children[_key=="p01s1"].text')
    const figcaption = container.querySelector('figcaption')
    const [caption, credit] = [...(figcaption?.querySelectorAll(':scope > span') ?? [])].map((span) => span.textContent)
    expect(editPath(caption)).toBe('leadFigure.caption')
    expect(editPath(credit)).toBe('leadFigure.credit')
  })

  it('what readers see is the draft text, and zod validated it clean', async () => {
    previewAs(TOKEN)
    const article = await getArticleBySlug(LEAD_SLUG)
    const clean = (s: string | null | undefined) => (s ?? '').replace(/[\u200B-\u200D\uFEFF]/g, '')
    expect(clean(article?.headline)).toBe(DRAFT_HEADLINE)
    expect(clean(article?.dek)).toBe(DRAFT_DEK)
    expect(article?.slug).toBe(LEAD_SLUG)
    expect(article?.publishedAt).toBe('2020-03-02T10:00:00Z')
    // Everything that is not display text stays exactly as stored.
    for (const value of [article?.slug, article?.href, article?.publishedAt, article?.updatedAt, article?.leadFigure?.alt, article?.leadFigure?.url, ...(article?.tags ?? [])]) {
      expect(hasStega(value)).toBe(false)
    }
    expect(article?.related.length).toBeGreaterThan(0)
    expect(hasStega(JSON.stringify(article?.related))).toBe(false)
    expect(hasStega(JSON.stringify(article?.legalNotices))).toBe(false)
  })

  it('no attribute, no JSON-LD, no metadata and no lite page carries any', async () => {
    previewAs(TOKEN)
    const { container } = await renderArticle()
    const dirty = attributes(container).filter(({ value }) => hasStega(value))
    expect(dirty).toEqual([])
    const jsonLd = container.querySelector('script[type="application/ld+json"]')?.textContent ?? ''
    expect(JSON.parse(jsonLd).headline).toBe(DRAFT_HEADLINE)
    expect(hasStega(jsonLd)).toBe(false)
    expect(container.querySelector('time')?.getAttribute('datetime')).toBe('2020-03-02T10:00:00Z')
    const metadata = await generateMetadata({ params: Promise.resolve({ slug: LEAD_SLUG }) })
    expect(metadata.title).toBe(DRAFT_HEADLINE)
    expect(hasStega(JSON.stringify(metadata))).toBe(false)
    const lite = await (await liteGet(new Request('http://localhost/x'), { params: Promise.resolve({ slug: LEAD_SLUG, audience: 'everyone' }) })).text()
    expect(lite).toContain(DRAFT_HEADLINE)
    expect(hasStega(lite)).toBe(false)
  })
})
