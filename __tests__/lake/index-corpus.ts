/**
 * A corpus for the index differential tests: sections, ~240 articles over three sections (enough
 * rows per section for the ordered plan to skip offsets), drafts and a release that move stories
 * between sections, retitle them or change their type, and texts built to trip up the search
 * index: wildcards, punctuation GROQ keeps inside tokens (`U.S.`, `don't`, `x=y`, `foo_bar`),
 * case pairs JavaScript folds (`µ`/`μ`, `ς`/`σ`, `İ`, `ß`, `K` the Kelvin sign), non-ASCII
 * scripts, emoji, private-use characters, words split across Portable Text spans, tokens longer
 * than the index keeps, and references hidden inside other references.
 * Also the view a perspective gives, computed here independently of the lake's own code.
 */

import type { LakeDocument } from '../../lib/lake'
import { seededRandom } from '../../bench/seeded-random'

export const SECTION_SLUGS = ['world', 'tech', 'culture']

export const WORDS = [
  'Kremlin', 'kremlin', 'KREMLIN', "Kremlin's", 'Putin', 'talks', 'sanctions', 'Zürich', 'ZÜRICH', 'zurich', 'Київ', 'київ',
  'İstanbul', 'istanbul', 'Straße', 'STRASSE', 'µ-meter', 'μeter', 'ςigma', 'Σigma', 'Kelvin', '\u212Aelvin', 'U.S.', 'U.S',
  "don't", 'e-mail', 'C++', '#hashtag', 'foo_bar', 'x=y', '~tilde', '`code`', 'a.b.c', '...', '..x', 'é.é', '😀smile', 'smile😀',
  '\uE101odd', '\uE100', 'naïve', 'NAÏVE', 'co-operate', '100%', '$5', '3.14', 'x'.repeat(70), 'y'.repeat(64), 'Ǆemal', 'ǆemal',
]


const ARTICLES = 240

export function corpus(): LakeDocument[] {
  const random = seededRandom(19)
  const pick = () => WORDS[Math.floor(random() * WORDS.length)]
  const words = (n: number) => Array.from({ length: n }, pick).join(' ')
  const docs: LakeDocument[] = SECTION_SLUGS.map((slug) => ({ _id: `section-${slug}`, _type: 'section', title: slug, slug: { _type: 'slug', current: slug } }))
  for (let i = 0; i < ARTICLES; i++) {
    const split = pick()
    const cut = Math.max(1, Math.floor(split.length / 2))
    docs.push({
      _id: `article-${String(i).padStart(3, '0')}`,
      _type: 'article',
      headline: words(1 + Math.floor(random() * 4)),
      dek: i % 5 === 0 ? undefined : words(3),
      slug: { _type: 'slug', current: `story-${i}` },
      section: { _type: 'reference', _ref: `section-${SECTION_SLUGS[i % 3]}` },
      related: i > 3 ? [{ _type: 'reference', _key: 'r1', _ref: `article-${String(i - 3).padStart(3, '0')}` }] : [],
      // Heavy ties: a few dozen distinct dates; some missing, null or not strings.
      publishedAt: i % 17 === 0 ? null : i % 23 === 0 ? 7 : `2024-0${1 + (i % 9)}-0${1 + (i % 7)}T00:00:00Z`,
      tags: [pick(), pick()],
      body: [
        { _type: 'block', _key: 'b1', children: [{ _type: 'span', _key: 's1', text: `${words(4)} ${split.slice(0, cut)}` }, { _type: 'span', _key: 's2', text: `${split.slice(cut)} ${words(3)}` }] },
        { _type: 'block', _key: 'b2', children: [{ _type: 'span', _key: 's1', text: words(6) }] },
      ],
      ...(i % 41 === 0 ? { wrapper: { _ref: 'article-000', inner: { _type: 'reference', _ref: 'section-tech' } } } : {}),
    })
  }
  docs.push({ _id: 'note-kremlin', _type: 'note', title: 'Kremlin talks' })
  // Slugs that are not strings: `defined(slug.current)` is true for all but null.
  docs.push({ _id: 'article-odd-slug-1', _type: 'article', headline: 'Numbered', slug: { current: 42 }, publishedAt: '2024-01-02T00:00:00Z', updatedAt: '2024-02-01T00:00:00Z' })
  docs.push({ _id: 'article-odd-slug-2', _type: 'article', headline: 'Null slug', slug: { current: null }, publishedAt: '2024-01-02T00:00:00Z' })
  docs.push({ _id: 'article-odd-slug-3', _type: 'article', headline: 'Object slug', slug: { current: { x: 1 } }, publishedAt: '2024-01-03T00:00:00Z', updatedAt: 5 })
  docs.push({ _id: 'article-odd-slug-4', _type: 'article', headline: 'Slug as text', slug: 'plain', publishedAt: '2024-01-03T00:00:00Z' })
  // Drafts: a retitled story, one moved to another section, one turned into a note, a new one.
  docs.push({ ...docs[10], _id: 'drafts.article-007', headline: 'Kremlin Kremlin talks draft', section: { _type: 'reference', _ref: 'section-culture' } })
  docs.push({ _id: 'drafts.article-020', _type: 'note', title: 'No longer an article' })
  docs.push({ ...docs[30], _id: 'drafts.article-new', slug: { _type: 'slug', current: 'brand-new' }, publishedAt: '2030-01-01T00:00:00Z' })
  docs.push({ ...docs[53], _id: 'versions.r1.article-050', headline: 'Release headline sanctions' })
  return docs
}

export type ViewName = 'published' | 'drafts' | 'raw' | 'r1,drafts'

/** The documents a perspective shows (ADR 0002), sorted by id: overlays win, `_originalId` marks them. */
export function viewOf(stored: LakeDocument[], perspective: ViewName, authenticated: boolean): LakeDocument[] {
  const isPrivate = (id: string) => id.includes('.')
  let out: LakeDocument[]
  if (perspective === 'raw') out = stored.filter((doc) => authenticated || !isPrivate(doc._id))
  else {
    const layers = !authenticated || perspective === 'published' ? [''] : perspective === 'drafts' ? ['drafts.', ''] : ['versions.r1.', 'drafts.', '']
    const best = new Map<string, { rank: number; doc: LakeDocument }>()
    for (const doc of stored) {
      for (const [rank, prefix] of layers.entries()) {
        if (!doc._id.startsWith(prefix)) continue
        const viewId = doc._id.slice(prefix.length)
        if (isPrivate(viewId)) continue
        const current = best.get(viewId)
        if (!current || rank < current.rank) best.set(viewId, { rank, doc })
        break
      }
    }
    out = [...best].map(([viewId, { doc }]) => (doc._id === viewId ? doc : { ...doc, _id: viewId, _originalId: doc._id }))
  }
  return out.sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0))
}
