/**
 * A deterministic synthetic archive for tests and benchmarks of the reader archive (ADR 0016):
 * `count` valid stories in the seed article's shape (headline, slug, dek, body paragraphs,
 * section), spread over the days before `newest` — several a day, some sharing a publication time
 * (ties), some written with milliseconds, and every seventh without a section (as stories written
 * through the API may be: the schema asks for one, the site shows them anyway, reachable through
 * the archive only). Each story's body holds one word no other story has (`uniqueWord(i)`), for search tests.
 */

import { seededRandom } from './seeded-random'

export type SyntheticStory = {
  _id: string
  _type: 'article'
  headline: string
  slug: { _type: 'slug'; current: string }
  dek: string
  publishedAt: string
  section?: { _type: 'reference'; _ref: string }
  body: { _type: 'block'; _key: string; style: 'normal'; markDefs: never[]; children: { _type: 'span'; _key: string; text: string; marks: never[] }[] }[]
}

export type SyntheticSection = { _id: string; _type: 'section'; title: string; slug: { _type: 'slug'; current: string } }

/** Two sections beside the seed's Middle East. */
export const SYNTHETIC_SECTIONS: SyntheticSection[] = [
  { _id: 'section-synthetic-world', _type: 'section', title: 'World', slug: { _type: 'slug', current: 'world' } },
  { _id: 'section-synthetic-business', _type: 'section', title: 'Business', slug: { _type: 'slug', current: 'business' } },
]

const SECTION_IDS = ['section-middle-east', ...SYNTHETIC_SECTIONS.map((section) => section._id)]

const WORDS = [
  'minister', 'talks', 'border', 'election', 'parliament', 'economy', 'energy', 'pipeline', 'court', 'protest', 'ceasefire', 'summit',
  'sanctions', 'harvest', 'currency', 'bridge', 'railway', 'drought', 'festival', 'museum', 'treaty', 'delegation', 'council', 'budget',
  'reform', 'villages', 'river', 'mountain', 'harbour', 'airport', 'school', 'hospital', 'market', 'factory', 'coalition', 'governor',
]

/** A word only story `i`'s body holds (letters only, so GROQ reads it as one token). */
export function uniqueWord(i: number): string {
  let letters = ''
  for (let n = i; ; n = Math.floor(n / 26) - 1) {
    letters = String.fromCharCode(97 + (n % 26)) + letters
    if (n < 26) break
  }
  return `zq${letters}word`
}

export function syntheticSlug(i: number): string {
  return `synthetic-story-${i}`
}

export type SyntheticOptions = {
  /** The newest story's publication time; the others go back from it. */
  newest?: Date
  /** Hours between consecutive stories (several stories a day by default). */
  hoursApart?: number
  seed?: number
}

export function syntheticStories(count: number, { newest = new Date('2025-11-30T18:00:00Z'), hoursApart = 9, seed = 19 }: SyntheticOptions = {}): SyntheticStory[] {
  const next = seededRandom(seed)
  const pick = () => WORDS[Math.floor(next() * WORDS.length)]
  const stories: SyntheticStory[] = []
  for (let i = 0; i < count; i++) {
    // Every tenth story shares its predecessor's time: ties that pagination must not lose.
    const step = i - Math.floor(i / 10)
    const when = new Date(newest.getTime() - step * hoursApart * 3600_000)
    const publishedAt = i % 3 === 0 ? when.toISOString() : when.toISOString().replace('.000Z', 'Z')
    const headlineWords = [pick(), pick(), pick()]
    const paragraphs = [
      `The ${pick()} and the ${pick()} were discussed again on ${when.toUTCString().slice(0, 16)}, officials said.`,
      `Residents near the ${pick()} spoke of the ${pick()}; one mentioned ${uniqueWord(i)} twice.`,
      `Story number ${i} of the synthetic archive ends with the ${pick()}.`,
    ]
    stories.push({
      _id: `article-synthetic-${i}`,
      _type: 'article',
      headline: `Synthetic ${i}: ${headlineWords.join(' ')}`,
      slug: { _type: 'slug', current: syntheticSlug(i) },
      dek: `A generated story about the ${headlineWords[0]}.`,
      publishedAt,
      ...(i % 7 === 6 ? {} : { section: { _type: 'reference' as const, _ref: SECTION_IDS[i % SECTION_IDS.length] } }),
      body: paragraphs.map((text, p) => ({
        _type: 'block' as const,
        _key: `p${p}`,
        style: 'normal' as const,
        markDefs: [],
        children: [{ _type: 'span' as const, _key: `p${p}s`, text, marks: [] }],
      })),
    })
  }
  return stories
}

/** Mutations that create the synthetic sections and stories (createOrReplace: safe to repeat). */
export function syntheticMutations(count: number, options?: SyntheticOptions): { createOrReplace: SyntheticStory | SyntheticSection }[] {
  return [...SYNTHETIC_SECTIONS, ...syntheticStories(count, options)].map((doc) => ({ createOrReplace: doc }))
}
