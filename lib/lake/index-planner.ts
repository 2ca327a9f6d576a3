/**
 * Index planner: reads the top-level filters of every `*[...]` in a parsed GROQ tree and, when
 * each of them is constrained by an indexed condition (`index-lookups.ts`: `_id`, `_type`,
 * `slug.current`, references, `match`), returns the index lookups whose union is guaranteed to
 * contain every document those filters can match. groq-js then evaluates the full query over that
 * candidate set; the planner never decides a result on its own.
 */

import type { ExprNode } from 'groq-js'
import { cheaper, planConjunct, withMergedRanges, type ConjunctPlan, type IndexLookup } from './index-lookups'

export type { IndexLookup } from './index-lookups'

/** `null` means: cannot be planned, evaluate over the full document set. */
export type IndexPlan = IndexLookup[] | null

export type AnyNode = { type: string; [key: string]: unknown }

/** Plans a query. Returns null when any `*` is unconstrained or the query has no `*` at all. */
export function planIndexLookups(tree: ExprNode, params: Record<string, unknown>): IndexPlan {
  const lookups: IndexLookup[] = []
  let plannable = true
  let sawEverything = false
  walk(tree as unknown as AnyNode, [], (node, ancestors) => {
    if (node.type !== 'Everything' || !plannable) return
    sawEverything = true
    let best: ConjunctPlan | null = null
    for (const plan of withMergedRanges(conjunctsOf(enclosingFilters(node, ancestors)).map((expr) => planConjunct(expr, params)))) best = cheaper(best, plan)
    if (best === null) plannable = false
    else lookups.push(...best.lookups)
  })
  return plannable && sawEverything ? mergeLookups(lookups) : null
}

/** Filter expressions applied directly on top of `*` (`*[a][b]` gives a and b). */
export function enclosingFilters(node: AnyNode, ancestors: AnyNode[]): ExprNode[] {
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

/** The top-level conjuncts of filter expressions (`a && (b && c)` gives a, b, c). */
export function conjunctsOf(exprs: readonly ExprNode[]): ExprNode[] {
  const out: ExprNode[] = []
  const visit = (expr: ExprNode) => {
    if (expr.type === 'And') {
      visit(expr.left)
      visit(expr.right)
    } else if (expr.type === 'Group') visit(expr.base)
    else out.push(expr)
  }
  exprs.forEach(visit)
  return out
}

/** Merges `_id`/`_type`/slug lookups of the same field; other lookups are kept apart (deduplicated). */
function mergeLookups(lookups: IndexLookup[]): IndexLookup[] {
  const byField = new Map<'id' | 'type' | 'slug', Set<string>>()
  const others = new Map<string, IndexLookup>()
  for (const l of lookups) {
    if (l.field === 'id' || l.field === 'type' || l.field === 'slug') {
      const set = byField.get(l.field) ?? new Set<string>()
      l.values.forEach((v) => set.add(v))
      byField.set(l.field, set)
    } else others.set(JSON.stringify(l), l)
  }
  return [...[...byField].map(([field, values]) => ({ field, values: [...values] })), ...others.values()]
}

/** Depth-first walk over every node of a groq-js tree, with its ancestors. */
export function walk(node: AnyNode, ancestors: AnyNode[], visit: (node: AnyNode, ancestors: AnyNode[]) => void): void {
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
