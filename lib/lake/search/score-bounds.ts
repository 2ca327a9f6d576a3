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

/** A bound of one expression's score for a candidate (FTS5 rowid). */
type BoundOf = (rowid: number) => number

/**
 * The bound of the sum of `score()`'s arguments for each of `candidates` (FTS5 rowids), or null
 * when an argument cannot be bounded (a pattern that is not constant, a `boost` by a non-constant).
 */
export function scoreBounds(
  search: SearchIndex,
  args: readonly ExprNode[],
  params: Record<string, unknown>,
  candidates: Iterable<number>,
): Map<number, number> | null {
  const bounds: BoundOf[] = []
  for (const arg of args) {
    const bound = argumentBound(search, arg, params)
    if (!bound) return null
    bounds.push(bound)
  }
  const out = new Map<number, number>()
  for (const rowid of candidates) {
    let total = 0
    for (const bound of bounds) total += bound(rowid)
    out.set(rowid, total)
  }
  return out
}

const ONE: BoundOf = () => 1

function argumentBound(search: SearchIndex, expr: ExprNode, params: Record<string, unknown>): BoundOf | null {
  switch (expr.type) {
    case 'Group':
      return argumentBound(search, expr.base, params)
    case 'And': {
      const left = argumentBound(search, expr.left, params)
      const right = argumentBound(search, expr.right, params)
      if (!left || !right) return null
      return (rowid) => {
        const l = left(rowid)
        const r = right(rowid)
        return l === 0 || r === 0 ? 0 : l + r
      }
    }
    case 'Or': {
      const left = argumentBound(search, expr.left, params)
      const right = argumentBound(search, expr.right, params)
      return left && right ? (rowid) => left(rowid) + right(rowid) : null
    }
    case 'OpCall':
      return expr.op === 'match' ? matchBound(search, expr.left, expr.right, params) : ONE
    case 'FuncCall':
      return expr.namespace === 'global' && expr.name === 'boost' ? boostBound(search, expr.args, params) : ONE
    default:
      return ONE
  }
}

function boostBound(search: SearchIndex, args: ExprNode[], params: Record<string, unknown>): BoundOf | null {
  if (args.length !== 2) return null
  const inner = argumentBound(search, args[0], params)
  const node = args[1]
  const boost = node.type === 'Value' ? node.value : node.type === 'Parameter' ? params[node.name] : undefined
  // A negative boost could make scores negative, and `&&` then no longer scores 0 exactly when a
  // side's bound is 0: not bounded (the query is evaluated without this plan).
  if (!inner || typeof boost !== 'number' || !Number.isFinite(boost) || boost < 0) return null
  return (rowid) => {
    const value = inner(rowid)
    return value > 0 ? value + boost : 0
  }
}

function matchBound(search: SearchIndex, left: ExprNode, right: ExprNode, params: Record<string, unknown>): BoundOf | null {
  const terms = scoreTermsOf(left, right, params)
  if (terms === null) return null
  if (terms === 'none') return () => 0
  const codes = terms.keys?.map((key) => search.keyCode(key)).filter((code): code is number => code !== null) ?? null
  const perTerm = terms.terms.map((term) => termFrequencyBounds(search, codes, term))
  return (rowid) => {
    let score = 0
    for (const frequencies of perTerm) score += termScore(typeof frequencies === 'number' ? frequencies : (frequencies[rowid] ?? 0))
    return score
  }
}

/**
 * An upper bound of one term's frequency: per rowid (an array indexed by FTS5 rowid; 0 where the
 * index finds nothing), or the same for every candidate (a number: Infinity when the index cannot
 * tell). Under each key a document's count is bounded by the next threshold it does not reach,
 * minus one; the keys' bounds add up (the text reads all of them).
 */
function termFrequencyBounds(search: SearchIndex, codes: number[] | null, term: TermLookup | null): Float64Array | number {
  if (codes === null || term === null) return Infinity
  const frequencies = new Float64Array(search.maxRowid() + 1)
  const upper = new Float64Array(frequencies.length)
  for (const code of codes) {
    const present = search.rowidsMatching(tokenQuery(code, term))
    if (!term.exact) {
      for (const rowid of present) frequencies[rowid] = Infinity
      continue
    }
    for (const rowid of present) upper[rowid] = FREQUENCY_THRESHOLDS[0] - 1
    for (const [i, threshold] of FREQUENCY_THRESHOLDS.entries()) {
      const reached = search.rowidsMatching(tokenQuery(code, term, threshold))
      if (reached.length === 0) break
      const next = FREQUENCY_THRESHOLDS[i + 1]
      for (const rowid of reached) upper[rowid] = next === undefined ? Infinity : next - 1
    }
    for (const rowid of present) {
      frequencies[rowid] += upper[rowid]
      upper[rowid] = 0
    }
  }
  return frequencies
}
