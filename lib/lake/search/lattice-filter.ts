/**
 * What a score lattice (`score-lattice.ts`) can tell about F's `match`es from its slots alone.
 *
 * F's text conditions are a conjunction of unions of lookups (`text-query.ts`); a lookup finds a
 * document when every one of its terms is a token under one of its keys. A vector of classes says
 * which (key, term) slots a document lacks, so:
 * - a vector *rules F out* when some union has every lookup missing a term under all of its keys
 *   (each of those pairs a slot the vector has absent): no document in it is a candidate, and its
 *   FTS5 query need not run;
 * - F needs no query of its own when it is one union of one-term lookups and every slot is one of
 *   their (key, term) pairs: a document present in any slot is a candidate already.
 */

import type { TermLookup } from './match-text'
import type { TextLookup } from './text-query'

export interface LatticeFilter {
  /** Each vector's query must be limited to F's candidates. */
  needsWithin: boolean
  /** No document of a vector with these absent slots can be a candidate. */
  rulesOut(absent: (slot: number) => boolean): boolean
}

/** `slotOf`: the slot of a (key code, term), if the score reads it. */
export function latticeFilter(
  unions: readonly TextLookup[][],
  codeOf: (key: string) => number | null,
  slotOf: (code: number, term: TermLookup) => number | undefined,
  slotCount: number,
): LatticeFilter {
  // Per union, per lookup, per term: the slots of its keys, or null when one is not a slot.
  const shapes = unions.map((union) =>
    union.map((lookup) =>
      lookup.terms.map((term) => {
        const codes = lookup.keys.map(codeOf).filter((code): code is number => code !== null)
        const slots = codes.map((code) => slotOf(code, term))
        return slots.every((slot) => slot !== undefined) ? (slots as number[]) : null
      }),
    ),
  )
  const covered = new Set<number>()
  const oneTermUnion = shapes.length === 1 && shapes[0].every((terms) => terms.length === 1)
  if (oneTermUnion) for (const terms of shapes[0]) for (const slot of terms[0] ?? []) covered.add(slot)
  return {
    needsWithin: !(oneTermUnion && covered.size === slotCount),
    rulesOut: (absent) => shapes.some((union) => union.every((terms) => terms.some((slots) => slots !== null && slots.every(absent)))),
  }
}
