/**
 * Index lookups for one filter expression on `*`: which stored rows a conjunct can be true for.
 * Each lookup selects a superset of the view documents the expression can match, judged on the
 * stored row that wins in the view (it has the view document's type, slug, references and texts):
 *
 * - `_id ==/in`, `_type ==/in`, `slug.current ==/in` with string constants or parameters;
 * - `x._ref ==/in` (the `document_refs` rows at path `x`), `references(…)` (rows groq-js'
 *   `references()` sees), `x->slug.current ==/in` (rows at path `x` pointing at a document of the
 *   view with that slug);
 * - `left match right` through the FTS5 search index (`search/text-query.ts`);
 * - `key > c`, `key >= c`, `key < c`, `key <= c` (either side) for an order-key field
 *   (`publishedAt`, `_updatedAt`, `_createdAt`) and a string or number constant: groq-js compares
 *   only values of the same type (strings by UTF-16 code units, numbers numerically), which is the
 *   order-key columns' rank and order (`order-keys.ts`), so the rows of that rank in range;
 * - `defined(slug.current)`: rows with a string slug, or any other non-null one in their JSON.
 *
 * `||` unions its sides, `&&` keeps the cheaper side. A lookup is `exact` when the rows it selects
 * are exactly the documents the expression matches (not merely a superset): what lets a count or
 * an offset be read from SQLite without evaluating documents (`count-plan.ts`, `ordered-reader.ts`).
 * `_id` and `->` lookups are exact only in a view without overlays (they depend on view ids).
 */

import type { ExprNode } from 'groq-js'
import { compareOrderKeys, encodeOrderKey, isOrderKeyField, type OrderKeyField, type OrderKeyValue } from './order-keys'
import { textLookupOf, type TextLookup } from './search/text-query'

export type IndexLookup =
  | { field: 'id' | 'type' | 'slug'; values: string[] }
  | { field: 'ref' | 'refSlug'; path: string; values: string[] }
  | { field: 'references'; values: string[] }
  | { field: 'text'; lookup: TextLookup }
  | KeyRangeLookup
  | { field: 'slugDefined' }
  | { field: 'none' }

export type RangeOp = '<' | '<=' | '>' | '>='

/** Rows whose order key has `rank` and lies within the bounds given (one or both). */
export interface KeyRangeLookup {
  field: 'keyRange'
  key: OrderKeyField
  rank: number
  lower?: { value: OrderKeyValue; inclusive: boolean }
  upper?: { value: OrderKeyValue; inclusive: boolean }
}

type IndexedField = IndexLookup['field']

export interface ConjunctPlan {
  /** Union of lookups: a superset of the documents the conjunct matches. */
  lookups: IndexLookup[]
  /** The lookups select exactly the matching documents (see the module comment). */
  exact: boolean
}

const FIELD_COST: Record<IndexedField, number> = { none: 0, id: 1, slug: 2, text: 5, ref: 10, refSlug: 10, references: 10, type: 100, keyRange: 150, slugDefined: 1000 }

/** The lookups of one expression, or null when it cannot narrow the documents. */
export function planConjunct(expr: ExprNode, params: Record<string, unknown>): ConjunctPlan | null {
  switch (expr.type) {
    case 'Group':
      return planConjunct(expr.base, params)
    case 'And': {
      const left = planConjunct(expr.left, params)
      const right = planConjunct(expr.right, params)
      const chosen = cheaper(left, right)
      return chosen && { lookups: chosen.lookups, exact: false }
    }
    case 'Or': {
      const left = planConjunct(expr.left, params)
      const right = planConjunct(expr.right, params)
      return left && right ? { lookups: [...left.lookups, ...right.lookups], exact: left.exact && right.exact } : null
    }
    case 'OpCall':
      if (expr.op === '==') return equality(expr.left, expr.right, params) ?? equality(expr.right, expr.left, params)
      if (expr.op === 'in') return membership(expr.left, expr.right, params)
      if (expr.op in FLIPPED) return keyRange(expr.left, expr.right, expr.op as RangeOp, params) ?? keyRange(expr.right, expr.left, FLIPPED[expr.op as RangeOp], params)
      if (expr.op === 'match') {
        const text = textLookupOf(expr.left, expr.right, params)
        if (text === null) return null
        return text === 'none' ? { lookups: [{ field: 'none' }], exact: true } : { lookups: [{ field: 'text', lookup: text }], exact: false }
      }
      return null
    case 'FuncCall':
      if (expr.namespace === 'global' && expr.name === 'references') return referencesLookup(expr.args, params)
      if (expr.namespace === 'global' && expr.name === 'defined' && expr.args.length === 1 && targetOf(expr.args[0])?.field === 'slug') return { lookups: [{ field: 'slugDefined' }], exact: true }
      return null
    default:
      return null
  }
}

/** The cheaper of two plans (by the estimated size of their lookups). */
export function cheaper(a: ConjunctPlan | null, b: ConjunctPlan | null): ConjunctPlan | null {
  if (!a) return b
  if (!b) return a
  return lookupCost(b.lookups) < lookupCost(a.lookups) ? b : a
}

export function lookupCost(lookups: readonly IndexLookup[]): number {
  // A range with both bounds (a period of the archive) is narrower than a type; one bound, or a
  // slug merely defined, can hold nearly every document, so any other lookup is preferred.
  const cost = (l: IndexLookup) => (l.field === 'keyRange' && l.lower && l.upper ? 40 : FIELD_COST[l.field])
  return lookups.reduce((sum, l) => sum + cost(l) * ('values' in l ? Math.max(1, l.values.length) : 1), 0)
}

type Target = { field: 'id' | 'type' | 'slug' } | { field: 'ref' | 'refSlug'; path: string }

function equality(attr: ExprNode, value: ExprNode, params: Record<string, unknown>): ConjunctPlan | null {
  const target = targetOf(attr)
  const constant = constantValue(value, params)
  if (!target || !constant.known || typeof constant.value !== 'string') return null
  if (target.field === 'ref' && constant.value === '') return null // an empty `_ref` is never recorded
  return { lookups: [{ ...target, values: [constant.value] }], exact: true }
}

/** `key op c` read with the constant on the right; `c op key` is `key flipped(op) c`. */
const FLIPPED: Record<RangeOp, RangeOp> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' }

function keyRange(attr: ExprNode, value: ExprNode, op: RangeOp, params: Record<string, unknown>): ConjunctPlan | null {
  if (attr.type !== 'AccessAttribute' || (attr.base && attr.base.type !== 'This') || !isOrderKeyField(attr.name)) return null
  const constant = constantValue(value, params)
  if (!constant.known || (typeof constant.value !== 'string' && !(typeof constant.value === 'number' && Number.isFinite(constant.value)))) return null
  const encoded = encodeOrderKey(constant.value)
  const rank = encoded.rank
  const bound = { value: encoded.value, inclusive: op === '<=' || op === '>=' }
  return { lookups: [op === '<' || op === '<=' ? { field: 'keyRange', key: attr.name, rank, upper: bound } : { field: 'keyRange', key: attr.name, rank, lower: bound }], exact: true }
}

/**
 * Conjuncts that are each one range of the same order key (`publishedAt >= $from`, `publishedAt <
 * $to`) as one range with both bounds (an empty range when their ranks differ), added to `plans`.
 */
export function withMergedRanges(plans: readonly (ConjunctPlan | null)[]): (ConjunctPlan | null)[] {
  const ranges = new Map<OrderKeyField, KeyRangeLookup>()
  for (const plan of plans) {
    const lookup = plan?.lookups.length === 1 ? plan.lookups[0] : null
    if (lookup?.field !== 'keyRange') continue
    const known = ranges.get(lookup.key)
    ranges.set(lookup.key, known ? intersect(known, lookup) : lookup)
  }
  return [...plans, ...[...ranges.values()].map((lookup) => ({ lookups: [lookup], exact: true }))]
}

function intersect(a: KeyRangeLookup, b: KeyRangeLookup): KeyRangeLookup {
  if (a.rank !== b.rank) return { ...a, lower: { value: 1, inclusive: false }, upper: { value: 0, inclusive: false } }
  const tighter = (x: KeyRangeLookup['lower'], y: KeyRangeLookup['lower'], sign: 1 | -1) => {
    if (!x || !y) return x ?? y
    const order = compareOrderKeys({ rank: a.rank, value: x.value }, { rank: a.rank, value: y.value }) * sign
    return order > 0 ? x : order < 0 ? y : { value: x.value, inclusive: x.inclusive && y.inclusive }
  }
  return { ...a, lower: tighter(a.lower, b.lower, 1), upper: tighter(a.upper, b.upper, -1) }
}

function membership(attr: ExprNode, list: ExprNode, params: Record<string, unknown>): ConjunctPlan | null {
  const target = targetOf(attr)
  const values = constantStringArray(list, params)
  if (!target || !values || (target.field === 'ref' && values.includes(''))) return null
  return { lookups: [{ ...target, values }], exact: true }
}

/** `references(a, $b, [..])`: groq-js collects the string arguments and string array elements. */
function referencesLookup(args: ExprNode[], params: Record<string, unknown>): ConjunctPlan | null {
  const values: string[] = []
  for (const arg of args) {
    const constant = constantValue(arg, params)
    if (!constant.known) return null
    if (typeof constant.value === 'string') values.push(constant.value)
    else if (Array.isArray(constant.value)) values.push(...constant.value.filter((v): v is string => typeof v === 'string'))
  }
  if (values.length === 0) return { lookups: [{ field: 'none' }], exact: true }
  return { lookups: [{ field: 'references', values: [...new Set(values)] }], exact: true }
}

function targetOf(node: ExprNode): Target | null {
  if (node.type !== 'AccessAttribute') return null
  const base = node.base
  if (!base || base.type === 'This') {
    if (node.name === '_id') return { field: 'id' }
    if (node.name === '_type') return { field: 'type' }
    if (node.name === '_ref') return { field: 'ref', path: '' }
    return null
  }
  if (node.name === 'current' && base.type === 'AccessAttribute' && base.name === 'slug') {
    if (!base.base || base.base.type === 'This') return { field: 'slug' }
    if (base.base.type === 'Deref') {
      const path = attributePath(base.base.base)
      return path === null ? null : { field: 'refSlug', path }
    }
    return null
  }
  if (node.name === '_ref') {
    const path = attributePath(base)
    return path === null ? null : { field: 'ref', path }
  }
  return null
}

/** `a.b.c` on the document in scope, as `a.b.c`; null for anything else. */
function attributePath(node: ExprNode): string | null {
  if (node.type !== 'AccessAttribute') return null
  if (!node.base || node.base.type === 'This') return node.name
  const prefix = attributePath(node.base)
  return prefix === null ? null : `${prefix}.${node.name}`
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
