/**
 * Plans for list queries whose candidates can be streamed instead of read all at once:
 *
 * - ordered: `*[F] | order(key …, …)[a...b]` (also `[a..b]` and `[n]`), the first order key a
 *   top-level order-key field and F holding a `_type` condition (the `(type, key)` index drives
 *   the scan); other indexed conjuncts of F narrow the scanned rows (`section._ref == $s`,
 *   `section->slug.current == $s`, `references($id)`, `match`…);
 * - dataset order: `*[F][a...b]` / `*[F][n]` (a projection may come between), streamed by id.
 *
 * Either way the `*` must be the query's only one (other `*`s would see only the candidates).
 * `exact` says the indexed conjuncts are all of F and each is exact (`index-lookups.ts`), so the
 * rows of the scan ARE the matches of F: then a large offset can be skipped by counting rows.
 */

import type { ExprNode } from 'groq-js'
import { planConjunct, type ConjunctPlan, type IndexLookup } from './index-lookups'
import { conjunctsOf, walk, type AnyNode } from './index-planner'
import { isOrderKeyField, type OrderKeyField } from './order-keys'

interface StreamPlanBase {
  /** Index conditions every match of F satisfies: AND of unions. */
  restrictions: IndexLookup[][]
  /** How many leading elements of F's matches (in the plan's order) the query reads. */
  need: number
  /** The slice start (`a` of `[a...b]`, `n` of `[n]`). */
  offset: number
  /** The restrictions are exactly F (see the module comment). */
  exact: boolean
  /** Exactness relies on `_id` or `->` lookups (only true in views without overlays). */
  viewIdDependent: boolean
  /** The `*[F]…` subtree, evaluated per batch to count matches. */
  filter: ExprNode
  /** The slice node (`Slice` or `AccessElement`), rewritten when an offset is skipped. */
  slice: ExprNode
}

export interface OrderedPlan extends StreamPlanBase {
  kind: 'ordered'
  field: OrderKeyField
  direction: 'asc' | 'desc'
  /** `_type` values whose union contains every document F can match. */
  types: string[]
}

export interface DatasetOrderPlan extends StreamPlanBase {
  kind: 'datasetOrder'
}

export type StreamPlan = OrderedPlan | DatasetOrderPlan

interface Located {
  filterTop: AnyNode
  filters: ExprNode[]
  parentOfFilter: AnyNode | undefined
  grandparent: AnyNode | undefined
  greatGrandparent: AnyNode | undefined
}

/** The only `*` of the tree with the filters on it and the nodes above them, or null. */
export function locateOnlyEverything(tree: ExprNode): Located | null {
  const found: { node: AnyNode; ancestors: AnyNode[] }[] = []
  walk(tree as unknown as AnyNode, [], (node, ancestors) => {
    if (node.type === 'Everything') found.push({ node, ancestors: [...ancestors] })
  })
  if (found.length !== 1) return null
  const { node, ancestors } = found[0]
  let child = node
  let i = ancestors.length - 1
  const filters: ExprNode[] = []
  while (i >= 0 && ancestors[i].type === 'Filter' && ancestors[i].base === child) {
    filters.push(ancestors[i].expr as ExprNode)
    child = ancestors[i--]
  }
  if (child === node) return null
  return { filterTop: child, filters, parentOfFilter: ancestors[i], grandparent: ancestors[i - 1], greatGrandparent: ancestors[i - 2] }
}

function sliceBounds(slice: AnyNode | undefined): { offset: number; need: number } | null {
  if (!slice) return null
  if (slice.type === 'Slice') {
    const { left, right, isInclusive } = slice as unknown as { left: unknown; right: unknown; isInclusive: boolean }
    if (!isNonNegativeInteger(left) || !isNonNegativeInteger(right)) return null
    return { offset: left, need: isInclusive ? right + 1 : right }
  }
  if (slice.type === 'AccessElement') {
    const index = (slice as unknown as { index: unknown }).index
    return isNonNegativeInteger(index) ? { offset: index, need: index + 1 } : null
  }
  return null
}

function restrictionsOf(filters: ExprNode[], params: Record<string, unknown>) {
  const conjuncts = conjunctsOf(filters)
  const planned = conjuncts.map((expr) => planConjunct(expr, params))
  const usable = planned.filter((plan): plan is ConjunctPlan => plan !== null)
  return {
    usable,
    exact: planned.every((plan) => plan !== null && plan.exact),
    viewIdDependent: usable.some((plan) => plan.lookups.some((l) => l.field === 'id' || l.field === 'refSlug')),
  }
}

export function planOrderedQuery(tree: ExprNode, params: Record<string, unknown>): OrderedPlan | null {
  const located = locateOnlyEverything(tree)
  if (!located) return null
  const { filterTop, filters, parentOfFilter: order, grandparent: slice } = located
  if (!order || order.type !== 'PipeFuncCall' || order.name !== 'order' || order.base !== filterTop) return null
  if (!slice || slice.base !== order) return null
  const bounds = sliceBounds(slice)
  if (!bounds) return null
  const args = order.args as AnyNode[]
  if (!Array.isArray(args) || args.length === 0) return null
  let first = args[0]
  let direction: 'asc' | 'desc' = 'asc'
  if (first.type === 'Desc' || first.type === 'Asc') {
    direction = first.type === 'Desc' ? 'desc' : 'asc'
    first = first.base as AnyNode
  }
  if (first.type !== 'AccessAttribute' || first.base || typeof first.name !== 'string' || !isOrderKeyField(first.name)) return null
  const { usable, exact, viewIdDependent } = restrictionsOf(filters, params)
  const typed = usable.filter((plan) => plan.lookups.every((l) => l.field === 'type'))
  if (typed.length === 0) return null
  // A document by id or slug is one or two rows: plain lookups beat a scan.
  if (usable.some((plan) => plan.lookups.every((l) => l.field === 'id' || l.field === 'slug' || l.field === 'none'))) return null
  const typesOf = (plan: ConjunctPlan) => [...new Set(plan.lookups.flatMap((l) => (l.field === 'type' ? l.values : [])))]
  const scanned = typed.reduce((best, plan) => (typesOf(plan).length < typesOf(best).length ? plan : best))
  // Every other conjunct (another `_type` condition too) restricts the scanned rows.
  const restrictions = usable.filter((plan) => plan !== scanned).map((plan) => plan.lookups)
  const types = typesOf(scanned)
  return { kind: 'ordered', field: first.name, direction, types, restrictions, ...bounds, exact, viewIdDependent, filter: filterTop as unknown as ExprNode, slice: slice as unknown as ExprNode }
}

/** `*[F][a...b]` or `*[F]{…}[a...b]` in dataset (id) order. */
export function planDatasetOrderQuery(tree: ExprNode, params: Record<string, unknown>): DatasetOrderPlan | null {
  const located = locateOnlyEverything(tree)
  if (!located) return null
  const { filterTop, filters, parentOfFilter, grandparent } = located
  let slice = parentOfFilter
  if (slice?.type === 'Projection' && slice.base === filterTop) slice = grandparent?.base === slice ? grandparent : undefined
  else if (slice && slice.base !== filterTop) slice = undefined
  const bounds = sliceBounds(slice)
  if (!slice || !bounds) return null
  const { usable, exact, viewIdDependent } = restrictionsOf(filters, params)
  if (usable.some((plan) => plan.lookups.every((l) => l.field === 'id' || l.field === 'slug' || l.field === 'none'))) return null
  return { kind: 'datasetOrder', restrictions: usable.map((plan) => plan.lookups), ...bounds, exact, viewIdDependent, filter: filterTop as unknown as ExprNode, slice: slice as unknown as ExprNode }
}

function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0
}
