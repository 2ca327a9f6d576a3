/**
 * A synthetic newsroom archive in Sanity's export format (NDJSON): 20 sections and `count` stories
 * in the seed article's shape (content/data.ndjson: headline, slug, kicker, dek, Portable Text body,
 * tags, section, attribution to agencies, legal notice, related stories). The agencies and the legal
 * notice are NOT in the file: they are the seed's, already in the lake the archive is imported into,
 * as when a newsroom imports its back catalogue into a running site.
 *
 * Words: a vocabulary of ~20,000 generated words drawn with a Zipf-like law (a few very common,
 * most rare), plus news names (some with non-ASCII letters) and one marker word per story
 * (`markerWordOf(i)`, in its body only) so a benchmark can search for one story's word.
 * Deterministic: the same count gives the same file.
 */

import fs from 'node:fs'
import { once } from 'node:events'
import { seededRandom } from './seeded-random'

export const ARCHIVE_SECTIONS = 20
/** Documents of the seed that the archive references without carrying them. */
export const SEED_AGENCIES = ['agency-reuters', 'agency-afp', 'agency-tass']
export const SEED_LEGAL_NOTICE = 'legal-notice-undesirable-ru'

export const NEWS_WORDS = [
  'Kremlin', 'Putin', 'Erdoğan', 'Erdogan', 'Moscow', 'Ankara', 'Syria', 'Idlib', 'Turkey', 'Ukraine', 'Kyiv', 'Київ',
  'Zürich', 'Kraków', 'Tbilisi', 'Bakı', 'ceasefire', 'sanctions', 'pipeline', 'election', 'parliament', 'minister',
  'border', 'talks', 'summit', 'refugees', 'protest', 'court', 'journalist', 'energy', 'gas', 'NATO', 'U.S.', "Kremlin's",
]
const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'to', 'vi', 'de', 'fa', 'gu', 'ha', 'jo', 'ki', 'li', 'mo', 'nu', 'po', 'ri', 'se', 'ta', 'ul', 'va', 'we', 'ya', 'zo', 'bri', 'stan', 'gor', 'tel']
const VOCABULARY_SIZE = 20_000


/** Generated words, with the news names at ranks 40, 80, 120… (common, but not the commonest). */
function buildVocabulary(): string[] {
  const words = new Set<string>(NEWS_WORDS)
  const generated: string[] = []
  const random = seededRandom(7)
  while (generated.length + NEWS_WORDS.length < VOCABULARY_SIZE) {
    const syllables = 2 + Math.floor(random() * 3)
    let word = ''
    for (let s = 0; s < syllables; s++) word += SYLLABLES[Math.floor(random() * SYLLABLES.length)]
    if (!words.has(word)) {
      words.add(word)
      generated.push(word)
    }
  }
  NEWS_WORDS.forEach((word, i) => generated.splice(40 * (i + 1), 0, word))
  return generated
}

const VOCABULARY = buildVocabulary()
/** Zipf-ish: index = floor(V^u) - 1 for uniform u, so word k is drawn with probability ~1/k. */
const LOG_V = Math.log(VOCABULARY.length)

/** A word drawn as the archive draws them (common words often, rare words seldom). */
export function wordFrom(random: () => number): string {
  return VOCABULARY[Math.min(VOCABULARY.length - 1, Math.floor(Math.exp(random() * LOG_V)) - 1)]
}

/** The word only story `i` has (in its body): what a reader would search to find that one story. */
export function markerWordOf(i: number): string {
  return `qx${i.toString(36)}marker`
}

export function sectionIdOf(s: number): string {
  return `archive-section-${s}`
}

export function articleIdOf(i: number): string {
  return `archive-article-${i}`
}

function sentence(random: () => number, words: number): string {
  const out: string[] = []
  for (let w = 0; w < words; w++) out.push(wordFrom(random))
  const text = out.join(' ')
  return `${text[0].toUpperCase()}${text.slice(1)}.`
}

export function archiveSection(s: number): Record<string, unknown> {
  return { _id: sectionIdOf(s), _type: 'section', title: `Archive section ${s}`, slug: { _type: 'slug', current: `archive-section-${s}` } }
}

const START = Date.UTC(2012, 0, 1)
const SPAN_MINUTES = 12 * 365 * 24 * 60

export function archiveArticle(i: number, count: number): Record<string, unknown> {
  const random = seededRandom(1_000_003 + i)
  const paragraphs = 4 + Math.floor(random() * 4)
  const body = Array.from({ length: paragraphs }, (_, p) => {
    let text = `${sentence(random, 12 + Math.floor(random() * 10))} ${sentence(random, 10 + Math.floor(random() * 14))}`
    if (p === paragraphs - 1) text += ` Filed as ${markerWordOf(i)}.`
    return {
      _type: 'block',
      _key: `p${p}`,
      style: 'normal',
      markDefs: [],
      children: [{ _type: 'span', _key: `p${p}s1`, text, marks: [] }],
    }
  })
  // Up to two earlier stories (so every reference points backwards in the file, or nowhere).
  const related = new Set<string>()
  for (let r = Math.floor(random() * 3); r > 0 && i > 0; r--) related.add(articleIdOf(Math.floor(random() * i)))
  const headline = sentence(random, 5 + Math.floor(random() * 5)).slice(0, -1)
  const minute = Math.floor(((i * 7919) % count) / count * SPAN_MINUTES)
  return {
    _id: articleIdOf(i),
    _type: 'article',
    headline,
    slug: { _type: 'slug', current: `archive-${i}` },
    section: { _type: 'reference', _ref: sectionIdOf(i % ARCHIVE_SECTIONS) },
    kicker: wordFrom(random).slice(0, 40),
    dek: sentence(random, 14 + Math.floor(random() * 10)).slice(0, 300),
    publishedAt: new Date(START + minute * 60_000).toISOString().replace('.000Z', 'Z'),
    breaking: false,
    body,
    tags: [...new Set([wordFrom(random), wordFrom(random), NEWS_WORDS[i % NEWS_WORDS.length]])],
    attribution: {
      _type: 'attribution',
      label: 'Based on reporting by',
      agencies: SEED_AGENCIES.slice(0, 1 + (i % SEED_AGENCIES.length)).map((id) => ({ _type: 'reference', _key: id.replace('agency-', ''), _ref: id })),
    },
    legalNotices: i % 10 === 0 ? [{ _type: 'reference', _key: 'undesirable-ru', _ref: SEED_LEGAL_NOTICE }] : [],
    related: [...related].map((id) => ({ _type: 'reference', _key: id.replace('archive-article-', 'r'), _ref: id })),
  }
}

/** Writes the archive (sections first, then stories) to `file`, honouring back-pressure. */
export async function writeArchiveNdjson(file: string, count: number): Promise<void> {
  const out = fs.createWriteStream(file, { encoding: 'utf8' })
  const write = async (doc: Record<string, unknown>) => {
    if (!out.write(`${JSON.stringify(doc)}\n`)) await once(out, 'drain')
  }
  for (let s = 0; s < ARCHIVE_SECTIONS; s++) await write(archiveSection(s))
  for (let i = 0; i < count; i++) await write(archiveArticle(i, count))
  out.end()
  await once(out, 'close')
}
