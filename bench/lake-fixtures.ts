/**
 * Synthetic lake content for the benchmarks: 20 sections and `count` articles, and the two reader
 * queries measured at each size (by slug with a `->` section lookup; latest 20 by publishedAt).
 */
import type { LakeDocument } from '../lib/lake'

const SECTIONS = 20

export const BY_SLUG = '*[_type == "article" && slug.current == $slug][0]{_id, headline, publishedAt, "section": section->{title, "slug": slug.current}}'
export const LATEST = '*[_type == "article"] | order(publishedAt desc)[0...20]{_id, headline, publishedAt, "section": section->title}'

export function syntheticDocuments(count: number): LakeDocument[] {
  const docs: LakeDocument[] = []
  for (let s = 0; s < SECTIONS; s++) {
    docs.push({ _id: `section-${s}`, _type: 'section', title: `Section ${s}`, slug: { _type: 'slug', current: `section-${s}` } })
  }
  const start = Date.UTC(2015, 0, 1)
  for (let i = 0; i < count; i++) {
    docs.push({
      _id: `article-${i}`,
      _type: 'article',
      _rev: 'bench',
      headline: `Headline number ${i}`,
      slug: { _type: 'slug', current: `headline-${i}` },
      section: { _type: 'reference', _ref: `section-${i % SECTIONS}` },
      publishedAt: new Date(start + ((i * 7919) % count) * 60_000).toISOString(),
      body: [{ _type: 'block', _key: 'b1', children: [{ _type: 'span', _key: 's1', text: `Body of article ${i}. `.repeat(8) }] }],
    })
  }
  return docs
}
