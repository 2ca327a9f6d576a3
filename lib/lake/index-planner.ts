/**
 * Index planner: reads the top-level filters of every `*[...]` in a parsed GROQ tree and, when
 * each of them is constrained by `_id`, `_type` or `slug.current`, returns the index lookups whose
 * union is guaranteed to contain every document those filters can match. groq-js then evaluates
 * the full query over that candidate set; the planner never decides a result on its own.
 */

import type { ExprNode } from 'groq-js'
import { isOrderKeyField, type OrderKeyField } from './order-keys'

export type IndexedField = 'id' | 'type' | 'slug'

export interface IndexLookup {
  field: IndexedField
  values: string[]
}

/** `null` means: cannot be planned, evaluate over the full document set. */
export type IndexPlan = IndexLookup[] | null

type AnyNode = { type: string; [key: string]: unknown }

const FIELD_COST: Record<IndexedField, number> = { id: 1, slug: 2, type: 100 }

/** Plans a query. Returns null when any `*` is unconstrained or the query has no `*` at all. */
export function planIndexLookups(tree: ExprNode, params: Record<string, unknown>): IndexPlan {
  const lookups: IndexLookup[] = []
  let plannable = true
  let sawEverything = false
  walk(tree as unknown as AnyNode, [], (node, ancestors) => {
    if (node.type !== 'Everything' || !plannable) return
    sawEverything = true
    const filters = enclosingFilters(node, ancestors)
    let best: IndexLookup[] | null = null
    for (const expr of filters) best = cheaper(best, lookupsOf(expr, params))
    if (best === null) plannable = false
    else lookups.push(...best)
  })
  return plannable && sawEverything ? mergeLookups(lookups) : null
}

/** Filter expressions applied directly on top of `*` (`*[a][b]` gives a and b). */
function enclosingFilters(node: AnyNode, ancestors: AnyNode[]): ExprNode[] {
  const exprs: ExprNode[] = []
  let child = node
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const parent = ancestors[i]
    if (parent.type !== 'Filter' || parent.base !== child) break
    exprs.push(parent.expr as ExprNode)
    child = parent
  }
  return exprs
}

function lookupsOf(expr: ExprNode, params: Record<string, unknown>): IndexLookup[] | null {
  switch (expr.type) {
    case 'Group':
      return lookupsOf(expr.base, params)
    case 'And':
      return cheaper(lookupsOf(expr.left, params), lookupsOf(expr.right, params))
    case 'Or': {
      const left = lookupsOf(expr.left, params)
      const right = lookupsOf(expr.right, params)
      return left && right ? [...left, ...right] : null
    }
    case 'OpCall':
      if (expr.op === '==') {
        return (
          equalityLookup(expr.left, expr.right, params) ?? equalityLookup(expr.right, expr.left, params)
        )
      }
      if (expr.op === 'in') {
        const field = indexedFieldOf(expr.left)
        const values = constantStringArray(expr.right, params)
        return field && values ? [{ field, values }] : null
      }
      return null
    default:
      return null
  }
}

function equalityLookup(attr: ExprNode, value: ExprNode, params: Record<string, unknown>): IndexLookup[] | null {
  const field = indexedFieldOf(attr)
  if (!field) return null
  const constant = constantValue(value, params)
  return typeof constant.value === 'string' && constant.known ? [{ field, values: [constant.value] }] : null
}

function indexedFieldOf(node: ExprNode): IndexedField | null {
  if (node.type !== 'AccessAttribute') return null
  if (!node.base) {
    if (node.name === '_id') return 'id'
    if (node.name === '_type') return 'type'
    return null
  }
  const base = node.base
  if (node.name === 'current' && base.type === 'AccessAttribute' && !base.base && base.name === 'slug') return 'slug'
  return null
}

function constantValue(node: ExprNode, params: Record<string, unknown>): { known: boolean; value: unknown } {
  if (node.type === 'Value') return { known: true, value: node.value }
  if (node.type === 'Parameter') {
    return Object.prototype.hasOwnProperty.call(params, node.name)
      ? { known: true, value: params[node.name] }
      : { known: false, value: undefined }
  }
  return { known: false, value: undefined }
}

function constantStringArray(node: ExprNode, params: Record<string, unknown>): string[] | null {
  let values: unknown
  if (node.type === 'Array') {
    const out: unknown[] = []
    for (const element of node.elements) {
      if (element.isSplat) return null
      const constant = constantValue(element.value, params)
      if (!constant.known) return null
      out.push(constant.value)
    }
    values = out
  } else {
    const constant = constantValue(node, params)
    if (!constant.known) return null
    values = constant.value
  }
  if (!Array.isArray(values) || !values.every((v) => typeof v === 'string')) return null
  return values as string[]
}

function cost(lookups: IndexLookup[]): number {
  return lookups.reduce((sum, l) => sum + FIELD_COST[l.field] * Math.max(1, l.values.length), 0)
}

function cheaper(a: IndexLookup[] | null, b: IndexLookup[] | null): IndexLookup[] | null {
  if (!a) return b
  if (!b) return a
  return cost(b) < cost(a) ? b : a
}

function mergeLookups(lookups: IndexLookup[]): IndexLookup[] {
  const byField = new Map<IndexedField, Set<string>>()
  for (const l of lookups) {
    const set = byField.get(l.field) ?? new Set<string>()
    l.values.forEach((v) => set.add(v))
    byField.set(l.field, set)
  }
  return [...byField].map(([field, values]) => ({ field, values: [...values] }))
}

/**
 * A top-N plan for `*[F] | order(key …, …)[a...b]` (also `[a..b]` and `[n]`): the only `*` of the
 * query, F plannable through `_type` alone, the first order key a top-level order-key field.
 * Candidates are then streamed in key order (see `ordered-reader.ts`) until the first `need`
 * matches of F, and every document tying with the last of them on the key, are known.
 */
export interface OrderedPlan {
  field: OrderKeyField
  direction: 'asc' | 'desc'
  /** `_type` values whose union contains every document F can match. */
  types: string[]
  /** How many leading elements of the ordered matches the query reads. */
  need: number
  /** The `*[F]…` subtree under `order()`, evaluated per batch to count matches. */
  filter: ExprNode
}

export function planOrderedQuery(tree: ExprNode, params: Record<string, unknown>): OrderedPlan | null {
  const everything: { node: AnyNode; ancestors: AnyNode[] }[] = []
  walk(tree as unknown as AnyNode, [], (node, ancestors) => {
    if (node.type === 'Everything') everything.push({ node, ancestors: [...ancestors] })
  })
  if (everything.length !== 1) return null // other `*`s would see only the candidates
  const { node, ancestors } = everything[0]
  let child = node
  let i = ancestors.length - 1
  while (i >= 0 && ancestors[i].type === 'Filter' && ancestors[i].base === child) child = ancestors[i--]
  if (child === node || i < 1) return null
  const order = ancestors[i]
  if (order.type !== 'PipeFuncCall' || order.name !== 'order' || order.base !== child) return null
  const slice = ancestors[i - 1]
  if (slice.base !== order) return null
  let need: number
  if (slice.type === 'Slice') {
    const { left, right, isInclusive } = slice as unknown as { left: unknown; right: unknown; isInclusive: boolean }
    if (!isNonNegativeInteger(left) || !isNonNegativeInteger(right)) return null
    need = isInclusive ? right + 1 : right
  } else if (slice.type === 'AccessElement') {
    const index = (slice as unknown as { index: unknown }).index
    if (!isNonNegativeInteger(index)) return null
    need = index + 1
  } else {
    return null
  }
  const args = order.args as AnyNode[]
  if (!Array.isArray(args) || args.length === 0) return null
  let first = args[0]
  let direction: 'asc' | 'desc' = 'asc'
  if (first.type === 'Desc' || first.type === 'Asc') {
    direction = first.type === 'Desc' ? 'desc' : 'asc'
    first = first.base as AnyNode
  }
  if (first.type !== 'AccessAttribute' || first.base || typeof first.name !== 'string' || !isOrderKeyField(first.name)) return null
  const lookups = planIndexLookups(tree, params)
  if (!lookups || lookups.length !== 1 || lookups[0].field !== 'type') return null
  return { field: first.name, direction, types: lookups[0].values, need, filter: child as unknown as ExprNode }
}

function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0
}

/** Depth-first walk over every node of a groq-js tree, with its ancestors. */
function walk(node: AnyNode, ancestors: AnyNode[], visit: (node: AnyNode, ancestors: AnyNode[]) => void): void {
  visit(node, ancestors)
  if (node.type === 'Value') return // constants may be objects with a `type` key: not nodes
  ancestors.push(node)
  for (const key of Object.keys(node)) {
    const child = node[key]
    if (Array.isArray(child)) {
      for (const item of child) if (isNode(item)) walk(item, ancestors, visit)
    } else if (isNode(child)) {
      walk(child, ancestors, visit)
    }
  }
  ancestors.pop()
}

function isNode(value: unknown): value is AnyNode {
  return typeof value === 'object' && value !== null && typeof (value as AnyNode).type === 'string'
}

/** Parameter names a tree refers to (for the "param referenced but not provided" check). */
export function referencedParameters(tree: ExprNode): Set<string> {
  const names = new Set<string>()
  walk(tree as unknown as AnyNode, [], (node) => {
    if (node.type === 'Parameter') names.add(node.name as string)
  })
  return names
}
