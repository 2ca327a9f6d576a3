/**
 * Upper bounds of groq-js' `score()` for every candidate, from the search index alone.
 *
 * groq-js (src/evaluator/scoring.ts) scores `text match pattern` as the sum over the pattern's
 * terms of `(freq * (k + 1)) / (freq + k)` with k = 1.2, `freq` the number of the text's tokens
 * the term matches; `a && b` as a + b (0 if either is 0), `a || b` as a + b, `boost(a, n)` as a + n
 * when a > 0 (else 0), anything else as 1 when true; the arguments of `score()` add up. Scores
 * are never negative here (a negative `boost` is not planned), so a side bounded by 0 scores 0.
 *
 * The bound follows the same expression with each `freq` replaced by an upper bound, and adds in
 * the same order: IEEE rounding is monotonic, so the bound is never below the score groq-js
 * computes, and equals it when every `freq` is known exactly (what lets ties be resolved without
 * reading every tied document). `freq` of a term without wildcards is bounded by the index's
 * "at least t times" tokens, summed over the keys the text reads; a term with a wildcard counts
 * `k + 1` (the supremum) where the index finds it, a term the index cannot look up counts it
 * everywhere; a text the index does not cover counts it for every term.
 */

import type { ExprNode } from 'groq-js'
import { FREQUENCY_THRESHOLDS, tokenQuery, type SearchIndex } from './search-index'
import type { TermLookup } from './match-text'
import { scoreTermsOf } from './text-query'

const K = 1.2
/** The supremum of one term's score (groq-js' formula as freq grows). */
const TERM_SUPREMUM = K + 1

/** groq-js' score of one term matched `freq` times (the supremum when unbounded). */
function termScore(freq: number): number {
  return freq === Infinity ? TERM_SUPREMUM : (freq * (K + 1)) / (freq + K)
}

/** A bound of one expression's score for a document (FTS5 rowid; -1: a document no list holds). */
type BoundOf = (rowid: number) => number

/** The rowid no index list holds: its bound is the bound of every unlisted document. */
const UNLISTED = -1

/**
 * Bounds from the index lists read within a budget: `of(rowid)` bounds a document some list read
 * holds (`listed`), `rest` every other document. With an unlimited budget every list is read, so
 * `rest` is what a document that matches no term scores.
 */
export interface ScoreBounds {
  listed: ReadonlySet<number>
  of: (rowid: number) => number
  rest: number
  /** Every list was read (the budget cut none): the bounds are as tight as the index allows. */
  complete: boolean
}

/**
 * The bounds of the sum of `score()`'s arguments, or null when an argument cannot be bounded (a
 * pattern that is not constant, a `boost` by a non-constant or a negative number). `budget`: for
 * each term and text, the index lists ("at least t times", then "present") are read from the
 * highest threshold down while they hold at most this many documents; below the last list read a
 * document's count is bounded by that list's threshold.
 */
export function scoreBounds(search: SearchIndex, args: readonly ExprNode[], params: Record<string, unknown>, budget = Infinity): ScoreBounds | null {
  const context: BoundContext = { search, params, budget, listed: new Set<number>(), complete: true }
  const bounds: BoundOf[] = []
  for (const arg of args) {
    const bound = argumentBound(context, arg)
    if (!bound) return null
    bounds.push(bound)
  }
  const of = (rowid: number) => {
    let score = 0
    for (const bound of bounds) score += bound(rowid)
    return score
  }
  return { listed: context.listed, of, rest: of(UNLISTED), complete: context.complete }
}

interface BoundContext {
  search: SearchIndex
  params: Record<string, unknown>
  budget: number
  /** Every rowid a list read holds. */
  listed: Set<number>
  /** No list was left unread. */
  complete: boolean
}

const ONE: BoundOf = () => 1

function argumentBound(context: BoundContext, expr: ExprNode): BoundOf | null {
  switch (expr.type) {
    case 'Group':
      return argumentBound(context, expr.base)
    case 'And': {
      const left = argumentBound(context, expr.left)
      const right = argumentBound(context, expr.right)
      if (!left || !right) return null
      return (rowid) => {
        const l = left(rowid)
        const r = right(rowid)
        return l === 0 || r === 0 ? 0 : l + r
      }
    }
    case 'Or': {
      const left = argumentBound(context, expr.left)
      const right = argumentBound(context, expr.right)
      return left && right ? (rowid) => left(rowid) + right(rowid) : null
    }
    case 'OpCall':
      return expr.op === 'match' ? matchBound(context, expr.left, expr.right) : ONE
    case 'FuncCall':
      return expr.namespace === 'global' && expr.name === 'boost' ? boostBound(context, expr.args) : ONE
    default:
      return ONE
  }
}

function boostBound(context: BoundContext, args: ExprNode[]): BoundOf | null {
  if (args.length !== 2) return null
  const inner = argumentBound(context, args[0])
  const node = args[1]
  const boost = node.type === 'Value' ? node.value : node.type === 'Parameter' ? context.params[node.name] : undefined
  // A negative boost could make scores negative, and `&&` then no longer scores 0 exactly when a
  // side's bound is 0: not bounded (the query is evaluated without this plan).
  if (!inner || typeof boost !== 'number' || !Number.isFinite(boost) || boost < 0) return null
  return (rowid) => {
    const value = inner(rowid)
    return value > 0 ? value + boost : 0
  }
}

function matchBound(context: BoundContext, left: ExprNode, right: ExprNode): BoundOf | null {
  const terms = scoreTermsOf(left, right, context.params)
  if (terms === null) return null
  if (terms === 'none') return () => 0
  const codes = terms.keys?.map((key) => context.search.keyCode(key)).filter((code): code is number => code !== null) ?? null
  const perTerm = terms.terms.map((term) => termFrequencyBound(context, codes, term))
  return (rowid) => {
    let score = 0
    for (const frequency of perTerm) score += termScore(frequency(rowid))
    return score
  }
}

/**
 * An upper bound of one term's frequency in a document: summed over the text's keys, each the
 * bound of the highest list read that holds the document (the next threshold minus one), or,
 * for a document no list read holds, the cap below the lowest list read (0 once the "present"
 * list is read). Infinity when the index cannot tell.
 */
function termFrequencyBound(context: BoundContext, codes: number[] | null, term: TermLookup | null): (rowid: number) => number {
  if (codes === null || term === null) return () => Infinity
  const perKey = codes.map((code) => keyFrequencyBound(context, code, term))
  return (rowid) => {
    let frequency = 0
    for (const { upper, cap } of perKey) frequency += upper.get(rowid) ?? cap
    return frequency
  }
}

/** Lists left unread: the bounds are looser than the index allows. */
function cut(context: BoundContext, upper: Map<number, number>, cap: number): { upper: Map<number, number>; cap: number } {
  context.complete = false
  return { upper, cap }
}

function keyFrequencyBound(context: BoundContext, code: number, term: TermLookup): { upper: Map<number, number>; cap: number } {
  const upper = new Map<number, number>()
  const note = (rowids: number[], bound: number) => {
    for (const rowid of rowids) {
      if (!upper.has(rowid)) upper.set(rowid, bound)
      context.listed.add(rowid)
    }
  }
  if (!term.exact) {
    // Wildcards: a document holding a match may hold any number.
    note(context.search.rowidsMatching(tokenQuery(code, term)), Infinity)
    return { upper, cap: 0 }
  }
  // From the highest threshold down: "at least t" lists grow as t falls. A list that would take
  // the documents read past the budget is not read (its size is counted first, in SQLite).
  let cap = Infinity
  for (let i = FREQUENCY_THRESHOLDS.length - 1; i >= 0; i--) {
    const query = tokenQuery(code, term, FREQUENCY_THRESHOLDS[i])
    if (upper.size + context.search.countMatching(query) > context.budget) return cut(context, upper, cap)
    const next = FREQUENCY_THRESHOLDS[i + 1]
    note(context.search.rowidsMatching(query), next === undefined ? Infinity : next - 1)
    cap = FREQUENCY_THRESHOLDS[i] - 1
  }
  if (upper.size + context.search.countMatching(tokenQuery(code, term)) > context.budget) return cut(context, upper, cap)
  note(context.search.rowidsMatching(tokenQuery(code, term)), FREQUENCY_THRESHOLDS[0] - 1)
  return { upper, cap: 0 }
}
