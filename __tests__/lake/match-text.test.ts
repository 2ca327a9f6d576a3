/**
 * The search index's encoding of GROQ tokens (`lib/lake/search/match-text.ts`) against groq-js
 * itself: whenever groq-js says `text match pattern`, every term of the pattern that the index can
 * look up finds an indexed token of the text (equal, or starting with the term's literal for terms
 * with wildcards). That is what makes FTS5's answer a superset of groq-js' matches.
 */

import fc from 'fast-check'
import { evaluate, parse } from 'groq-js'
import { indexedTokenOf, matchTokensOf, patternTermsOf, termLookupOf } from '../../lib/lake/search/match-text'

const MATCH = parse('$text match $pattern')

async function groqMatches(text: string, pattern: string): Promise<boolean> {
  return (await (await evaluate(MATCH, { params: { text, pattern } })).get()) === true
}

/** What the index holds for a text, and whether it finds a term there. */
function indexFinds(text: string, term: string): boolean {
  const lookup = termLookupOf(term)
  if (!lookup) return true // cannot narrow: the index does not filter on this term
  const indexed = matchTokensOf(text).map(indexedTokenOf)
  return indexed.some((token) => (lookup.exact ? token === lookup.literal : token.startsWith(lookup.literal)))
}

const TRICKY = ['Kremlin', 'ZÜRICH', 'zürich', 'İstanbul', 'ı', 'ß', 'SS', 'µ', 'μ', 'Μ', 'ς', 'σ', '\u212A', 'k', 'ǅ', 'ǆ', 'U.S.', "don't",
  'x=y', 'foo_bar', '~', '`', 'é.é', '...', '😀', '\uD83D', '\uDE00', '\uE100', '\uE1FF', 'a'.repeat(70), '*', '.', '-', ' ', '\u00A0', '\t']

const piece = fc.oneof(fc.constantFrom(...TRICKY), fc.string({ maxLength: 4 }), fc.string({ unit: 'grapheme', maxLength: 3 }))
const textOf = fc.array(piece, { maxLength: 8 }).map((parts) => parts.join(''))

describe('match tokens', () => {
  it('every term groq-js matches is found by the index (random texts and patterns)', async () => {
    await fc.assert(
      fc.asyncProperty(textOf, textOf, async (text, pattern) => {
        if (!(await groqMatches(text, pattern))) return
        for (const term of patternTermsOf(pattern)) expect({ text, term, found: indexFinds(text, term) }).toEqual({ text, term, found: true })
      }),
      { numRuns: 3000, seed: 19 },
    )
  })

  it('a pattern with no terms never matches (groq-js), so the index may answer nothing', async () => {
    for (const pattern of ['', ' ', '-', '!@#', '\u00A0', '(),']) {
      expect(patternTermsOf(pattern)).toEqual([])
      expect(await groqMatches('any text at all', pattern)).toBe(false)
    }
  })

  it('looks terms up by their literal start, in the regex engine case', () => {
    expect(termLookupOf('Kremlin')).toEqual({ literal: indexedTokenOf('KREMLIN'), exact: true })
    expect(termLookupOf('krem*lin')).toEqual({ literal: indexedTokenOf('krem'), exact: false })
    expect(termLookupOf('u.s')).toEqual({ literal: indexedTokenOf('u'), exact: false })
    expect(termLookupOf('*lin')).toBeNull()
    expect(termLookupOf('😀smile')).toBeNull() // a surrogate may be half of what `.` matches
    expect(termLookupOf('a'.repeat(70))).toEqual({ literal: indexedTokenOf('a'.repeat(64)), exact: false })
    expect(indexedTokenOf('ZÜRICH')).toBe(indexedTokenOf('zürich'))
    expect(indexedTokenOf('µ')).toBe(indexedTokenOf('μ')) // both upper-case to Μ
    expect(indexedTokenOf('ß')).not.toBe(indexedTokenOf('SS')) // no one-unit upper case: unchanged
    expect(indexedTokenOf('\u212A')).not.toBe(indexedTokenOf('k')) // a non-ASCII unit never folds to ASCII
  })
})
