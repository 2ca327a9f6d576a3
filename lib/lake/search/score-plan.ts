/**
 * A plan for relevance-ranked search: `*[F] | score(a, b, …) | order(_score desc[, key])[m...n]`
 * (the `order()` may be left out: `score()` sorts by `_score` itself), where F has a `match` the
 * search index narrows and the query has no other `*`. Instead of scoring every match of F, the
 * candidates are read in decreasing order of an upper bound of their score (`score-bounds.ts`)
 * until no unread document can enter the first n (`score-reader.ts`); groq-js then evaluates the
 * whole query over what was read.
 *
 * Ties: groq-js sorts stably, so equal scores keep dataset order (`score()` alone, or
 * `order(_score desc)`), or follow a second order key. When that key is an order-key field
 * (`publishedAt`, `_updatedAt`, `_createdAt`) ties can be read in their final order too; with any
 * other key every document whose bound reaches the n-th score is read.
 */

import type { ExprNode } from 'groq-js'
import { planConjunct, type ConjunctPlan, type IndexLookup } from '../index-lookups'
import { conjunctsOf, type AnyNode } from '../index-planner'
import { locateOnlyEverything } from '../stream-plan'
import { isOrderKeyField, type OrderKeyField } from '../order-keys'
import type { TextLookup } from './text-query'

/** How documents with equal scores are ordered in the result. */
export type TieOrder = { kind: 'dataset' } | { kind: 'key'; field: OrderKeyField; direction: 'asc' | 'desc' } | { kind: 'other' }

export interface ScorePlan {
  /** `*[F]`: evaluated per batch (with the score) to score the matches of F. */
  filter: ExprNode
  /** `*[F] | score(…)`: evaluated per batch, its `_score`s are the exact scores. */
  scored: ExprNode
  /** The arguments of `score()`. */
  args: ExprNode[]
  /** How many leading results the query reads (`n` of `[m...n]`). */
  need: number
  tie: TieOrder
  /**
   * The `match` conjuncts of F, each a union of lookups (`a match $q || b match $q`): the
   * documents of each union, intersected, contain every match of F. An empty union matches nothing.
   */
  texts: TextLookup[][]
  /** F's other index conditions (for diagnostics; groq-js checks F itself). */
  restrictions: IndexLookup[][]
}

export function planScoreQuery(tree: ExprNode, params: Record<string, unknown>): ScorePlan | null {
  const located = locateOnlyEverything(tree)
  if (!located) return null
  const { filterTop: child, filters, parentOfFilter: score } = located
  if (!score || score.type !== 'PipeFuncCall' || score.name !== 'score' || score.base !== child) return null
  let next = located.grandparent
  let tie: TieOrder = { kind: 'dataset' }
  if (next?.type === 'PipeFuncCall' && next.name === 'order' && next.base === score) {
    const orderTie = tieOrderOf(next.args as AnyNode[])
    if (!orderTie) return null
    tie = orderTie
    const order = next
    next = located.greatGrandparent
    if (next?.base !== order) return null
  } else if (next?.base !== score) return null
  const need = sliceEnd(next)
  if (need === null) return null
  const plans = conjunctsOf(filters).map((expr) => planConjunct(expr, params)).filter((plan): plan is ConjunctPlan => plan !== null)
  const texts = plans.filter((plan) => plan.lookups.some((lookup) => lookup.field === 'text') && plan.lookups.every((lookup) => lookup.field === 'text' || lookup.field === 'none')).map(textUnionOf)
  if (texts.length === 0) return null
  return {
    filter: child as unknown as ExprNode,
    scored: score as unknown as ExprNode,
    args: score.args as ExprNode[],
    need,
    tie,
    texts,
    restrictions: plans.map((plan) => plan.lookups),
  }
}

/** The text lookups of a union of `match`es (a `none` side matches nothing and adds nothing). */
function textUnionOf(plan: ConjunctPlan): TextLookup[] {
  return plan.lookups.flatMap((lookup) => (lookup.field === 'text' ? [lookup.lookup] : []))
}

/**
 * `order(_score desc)` or `order(_score desc, key)`; null for any other first key. A last key
 * `_id asc` is the lake's dataset order (documents are evaluated in id order), so it changes
 * nothing and is dropped: clients add it for a stable order on the hosted Content Lake.
 */
function tieOrderOf(orderArgs: AnyNode[]): TieOrder | null {
  const first = orderArgs[0]
  if (!first || first.type !== 'Desc' || !isAttribute(first.base as AnyNode, '_score')) return null
  const args = orderArgs.length > 1 && isIdAscending(orderArgs[orderArgs.length - 1]) ? orderArgs.slice(0, -1) : orderArgs
  if (args.length === 1) return { kind: 'dataset' }
  if (args.length > 2) return { kind: 'other' }
  let second = args[1]
  let direction: 'asc' | 'desc' = 'asc'
  if (second.type === 'Desc' || second.type === 'Asc') {
    direction = second.type === 'Desc' ? 'desc' : 'asc'
    second = second.base as AnyNode
  }
  if (second.type === 'AccessAttribute' && !second.base && typeof second.name === 'string' && isOrderKeyField(second.name)) {
    return { kind: 'key', field: second.name, direction }
  }
  return { kind: 'other' }
}

/** `_id` or `_id asc`. */
function isIdAscending(node: AnyNode): boolean {
  return node.type === 'Asc' ? isAttribute(node.base as AnyNode, '_id') : isAttribute(node, '_id')
}

function isAttribute(node: AnyNode | undefined, name: string): boolean {
  return node?.type === 'AccessAttribute' && !node.base && node.name === name
}

function sliceEnd(slice: AnyNode | undefined): number | null {
  if (slice?.type === 'Slice') {
    const { left, right, isInclusive } = slice as unknown as { left: unknown; right: unknown; isInclusive: boolean }
    if (!isNonNegativeInteger(left) || !isNonNegativeInteger(right)) return null
    return isInclusive ? right + 1 : right
  }
  if (slice?.type === 'AccessElement') {
    const index = (slice as unknown as { index: unknown }).index
    return isNonNegativeInteger(index) ? index + 1 : null
  }
  return null
}

function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0
}
