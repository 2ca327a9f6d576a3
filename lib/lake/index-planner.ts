/**
 * Index planner: reads the top-level filters of every `*[...]` in a parsed GROQ tree and, when
 * each of them is constrained by `_id`, `_type` or `slug.current`, returns the index lookups whose
 * union is guaranteed to contain every document those filters can match. groq-js then evaluates
 * the full query over that candidate set; the planner never decides a result on its own.
 */

import type { ExprNode } from 'groq-js'

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
