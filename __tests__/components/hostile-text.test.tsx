/**
 * Hostile CMS text through the reader components (issue 10): random and adversarial strings in
 * every text field of a card, a figure, an article header and a body render without crashing,
 * come out as text (never as elements), and stay inside their attributes: the rendered markup,
 * parsed again, has no <script>, no event-handler attribute, and the alt text read back is the
 * input.
 */
import { renderToStaticMarkup } from 'react-dom/server'
import fc from 'fast-check'
import { ArticleBody } from '@/components/ArticleBody'
import { ArticleCard } from '@/components/ArticleCard'
import { ArticleHeader } from '@/components/ArticleHeader'
import { Figure } from '@/components/Figure'
import type { ArticleCardView } from '@/lib/content/view-models'
import { article, image } from './fixtures'

const HOSTILE = ['</script><script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "' onfocus='alert(1)", '<!--', '\u2028', '&amp;<b>', 'javascript:alert(1)']
const hostile = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: 'grapheme', maxLength: 60 }))
/** What React can put in text and attributes (it drops lone surrogates and NUL like a browser would not). */
const text = hostile.map((s) => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').trim() || 'x')

function parse(markup: string): Document {
  return new DOMParser().parseFromString(`<!doctype html><body>${markup}</body>`, 'text/html')
}

function expectInert(doc: Document) {
  expect(doc.querySelectorAll('script, iframe, object, embed').length).toBe(0)
  for (const element of doc.querySelectorAll('*')) {
    for (const attribute of element.getAttributeNames()) expect(attribute).not.toMatch(/^on/i)
    if (element.hasAttribute('href')) expect(element.getAttribute('href')).not.toMatch(/^\s*javascript:/i)
  }
}

describe('reader components with hostile text', () => {
  it('render cards and figures safely, the alt text intact', () => {
    fc.assert(
      fc.property(text, text, text, text, (headline, dek, kicker, alt) => {
        const card: ArticleCardView = { id: 'a', href: '/articles/a', headline, dek, kicker, publishedAt: '2020-03-02T11:00:00Z', updatedAt: null, thumbnail: { ...image, alt } }
        const doc = parse(renderToStaticMarkup(<><ArticleCard article={card} locale="en-US" /><Figure image={{ ...image, alt, caption: dek, credit: kicker }} /></>))
        expectInert(doc)
        expect(doc.body.textContent).toContain(headline)
        expect([...doc.querySelectorAll('img')].map((img) => img.getAttribute('alt'))).toContain(alt)
      }),
      { numRuns: 150 },
    )
  })

  it('render an article header and body safely', () => {
    fc.assert(
      fc.property(text, text, text, (headline, dek, paragraph) => {
        const body = [{ _type: 'block' as const, _key: 'p1', style: 'normal', markDefs: [], children: [{ _type: 'span', _key: 's1', text: paragraph, marks: [] }] }]
        const markup = renderToStaticMarkup(
          <>
            <ArticleHeader article={{ ...article, headline, dek }} locale="en-US" />
            <ArticleBody value={body as never} />
          </>,
        )
        const doc = parse(markup)
        expectInert(doc)
        expect(doc.querySelector('h1')?.textContent).toBe(headline)
        expect(doc.body.textContent).toContain(paragraph)
      }),
      { numRuns: 150 },
    )
  })
})
