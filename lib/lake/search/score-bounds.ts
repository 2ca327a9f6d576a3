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

/**
 * A bound of one expression's score for a subject: a document (its FTS5 rowid; -1: a document no
 * list holds), or a class of documents (`score-lattice.ts`).
 */
type BoundOf<S> = (subject: S) => number

/**
 * The bound of one term's frequency under one text key, for a subject. How it is known is the
 * caller's: index lists read into memory (`scoreBounds`) or a frequency class (`score-lattice.ts`).
 */
export type KeyFrequencyBound<S> = (code: number, term: TermLookup) => (subject: S) => number

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
export function scoreBounds(search: SearchIndex, args: readonly ExprNode[], params: Record<string, unknown>, budget = Infinity, within?: string): ScoreBounds | null {
  const lists: ListContext = { search, budget, within, listed: new Set<number>(), complete: true }
  const of = scoreBoundOf<number>(args, params, (key) => search.keyCode(key), (code, term) => {
    const { upper, cap } = keyFrequencyBound(lists, code, term)
    return (rowid) => upper.get(rowid) ?? cap
  })
  if (!of) return null
  return { listed: lists.listed, of, rest: of(UNLISTED), complete: lists.complete }
}

/**
 * The bound of the sum of `score()`'s arguments for a subject, each term's frequency under each
 * key bounded by `frequency`; null when an argument cannot be bounded.
 */
export function scoreBoundOf<S>(
  args: readonly ExprNode[],
  params: Record<string, unknown>,
  codeOf: (key: string) => number | null,
  frequency: KeyFrequencyBound<S>,
): ((subject: S) => number) | null {
  const context: BoundContext<S> = { params, codeOf, frequency }
  const bounds: BoundOf<S>[] = []
  for (const arg of args) {
    const bound = argumentBound(context, arg)
    if (!bound) return null
    bounds.push(bound)
  }
  return (subject) => {
    let score = 0
    for (const bound of bounds) score += bound(subject)
    return score
  }
}

interface BoundContext<S> {
  params: Record<string, unknown>
  /** The index code of a text key (null: no document has ever had a text under it). */
  codeOf: (key: string) => number | null
  frequency: KeyFrequencyBound<S>
}

interface ListContext {
  search: SearchIndex
  budget: number
  /** An FTS5 query the lists are limited to (the candidates), or none. */
  within: string | undefined
  /** Every rowid a list read holds. */
  listed: Set<number>
  /** No list was left unread. */
  complete: boolean
}

const ONE = () => 1

function argumentBound<S>(context: BoundContext<S>, expr: ExprNode): BoundOf<S> | null {
  switch (expr.type) {
    case 'Group':
      return argumentBound(context, expr.base)
    case 'And': {
      const left = argumentBound(context, expr.left)
      const right = argumentBound(context, expr.right)
      if (!left || !right) return null
      return (subject) => {
        const l = left(subject)
        const r = right(subject)
        return l === 0 || r === 0 ? 0 : l + r
      }
    }
    case 'Or': {
      const left = argumentBound(context, expr.left)
      const right = argumentBound(context, expr.right)
      return left && right ? (subject) => left(subject) + right(subject) : null
    }
    case 'OpCall':
      return expr.op === 'match' ? matchBound(context, expr.left, expr.right) : ONE
    case 'FuncCall':
      return expr.namespace === 'global' && expr.name === 'boost' ? boostBound(context, expr.args) : ONE
    default:
      return ONE
  }
}

function boostBound<S>(context: BoundContext<S>, args: ExprNode[]): BoundOf<S> | null {
  if (args.length !== 2) return null
  const inner = argumentBound(context, args[0])
  const node = args[1]
  const boost = node.type === 'Value' ? node.value : node.type === 'Parameter' ? context.params[node.name] : undefined
  // A negative boost could make scores negative, and `&&` then no longer scores 0 exactly when a
  // side's bound is 0: not bounded (the query is evaluated without this plan).
  if (!inner || typeof boost !== 'number' || !Number.isFinite(boost) || boost < 0) return null
  return (subject) => {
    const value = inner(subject)
    return value > 0 ? value + boost : 0
  }
}

function matchBound<S>(context: BoundContext<S>, left: ExprNode, right: ExprNode): BoundOf<S> | null {
  const terms = scoreTermsOf(left, right, context.params)
  if (terms === null) return null
  if (terms === 'none') return () => 0
  const keys = terms.keys
  const perTerm = terms.terms.map((term) => termFrequencyBound(context, keys, term))
  return (subject) => {
    let score = 0
    for (const frequency of perTerm) score += termScore(frequency(subject))
    return score
  }
}

/**
 * An upper bound of one term's frequency in a subject: summed over the text's keys (a key no
 * document has ever had adds nothing). Infinity when the index cannot tell (the text reads
 * something else, or the term starts with a wildcard).
 */
function termFrequencyBound<S>(context: BoundContext<S>, keys: string[] | null, term: TermLookup | null): (subject: S) => number {
  if (keys === null || term === null) return () => Infinity
  const perKey = keys.map((key) => context.codeOf(key)).filter((code): code is number => code !== null).map((code) => context.frequency(code, term))
  return (subject) => {
    let frequency = 0
    for (const bound of perKey) frequency += bound(subject)
    return frequency
  }
}

/** Lists left unread: the bounds are looser than the index allows. */
function cut(context: ListContext, upper: Map<number, number>, cap: number): { upper: Map<number, number>; cap: number } {
  context.complete = false
  return { upper, cap }
}

/** A list's FTS5 query, limited to the candidates when the context says so. */
function limited(context: ListContext, query: string): string {
  return context.within === undefined ? query : `(${query}) AND (${context.within})`
}

function keyFrequencyBound(context: ListContext, code: number, term: TermLookup): { upper: Map<number, number>; cap: number } {
  const upper = new Map<number, number>()
  const note = (rowids: number[], bound: number) => {
    for (const rowid of rowids) {
      if (!upper.has(rowid)) upper.set(rowid, bound)
      context.listed.add(rowid)
    }
  }
  if (!term.exact) {
    // Wildcards: a document holding a match may hold any number.
    note(context.search.rowidsMatching(limited(context, tokenQuery(code, term))), Infinity)
    return { upper, cap: 0 }
  }
  // From the highest threshold down: "at least t" lists grow as t falls. A list that would take
  // the documents read past the budget is not read (its size is counted first, in SQLite).
  if (context.budget === Infinity) return everyClass(context, code, term)
  const over = (query: string) => upper.size + context.search.countMatching(query) > context.budget
  let cap = Infinity
  for (let i = FREQUENCY_THRESHOLDS.length - 1; i >= 0; i--) {
    const query = limited(context, tokenQuery(code, term, FREQUENCY_THRESHOLDS[i]))
    if (over(query)) return cut(context, upper, cap)
    const next = FREQUENCY_THRESHOLDS[i + 1]
    note(context.search.rowidsMatching(query), next === undefined ? Infinity : next - 1)
    cap = FREQUENCY_THRESHOLDS[i] - 1
  }
  const present = limited(context, tokenQuery(code, term))
  if (over(present)) return cut(context, upper, cap)
  note(context.search.rowidsMatching(present), FREQUENCY_THRESHOLDS[0] - 1)
  return { upper, cap: 0 }
}

/**
 * Every list of a term under a key, without a budget: from "present" up, each document bounded by
 * the highest list that holds it; the first empty list ends the walk (a higher threshold's list
 * is part of every lower one, so the rest are empty too).
 */
function everyClass(context: ListContext, code: number, term: TermLookup): { upper: Map<number, number>; cap: number } {
  const upper = new Map<number, number>()
  const levels = [undefined, ...FREQUENCY_THRESHOLDS]
  for (let i = 0; i < levels.length; i++) {
    const rowids = context.search.rowidsMatching(limited(context, tokenQuery(code, term, levels[i])))
    if (rowids.length === 0) break
    const bound = i + 1 < levels.length ? (levels[i + 1] as number) - 1 : Infinity
    for (const rowid of rowids) {
      upper.set(rowid, bound)
      context.listed.add(rowid)
    }
  }
  return { upper, cap: 0 }
}
