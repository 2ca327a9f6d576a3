/**
 * From a `left match right` filter to a search-index lookup whose documents are a superset of
 * those groq-js matches: `left` must read only indexed texts of the document being filtered
 * (attribute paths, `[]` traversals, `pt::text(path)`, array literals of those), `right` must be a
 * constant (a string or an array of strings, literal or parameter). See `match-text.ts` for why the
 * index can only widen the result, never narrow it.
 */

import type { ExprNode } from 'groq-js'
import { patternTermsOf, termLookupOf, type TermLookup } from './match-text'
import { isIndexedPath, keyOfStringPath, ptKeyOf } from './text-paths'

export interface TextLookup {
  /** Index keys whose union holds every token `left` can produce. */
  keys: string[]
  /** One entry per pattern term that narrows; every term must match (AND). */
  terms: TermLookup[]
}

type AnyNode = { type: string; [key: string]: unknown }

/**
 * The lookup for `left match right`, `'none'` when no document can match (the pattern has no terms,
 * or is not all strings), or null when the index cannot narrow it.
 */
export function textLookupOf(left: ExprNode, right: ExprNode, params: Record<string, unknown>): TextLookup | 'none' | null {
  const patterns = constantPatterns(right as unknown as AnyNode, params)
  if (patterns === null) return null
  if (patterns === 'none') return 'none'
  const terms = patterns.flatMap(patternTermsOf)
  if (terms.length === 0) return 'none' // groq-js: no pattern terms never match
  const lookups = terms.map(termLookupOf).filter((lookup): lookup is TermLookup => lookup !== null)
  if (lookups.length === 0) return null
  const keys = textKeysOf(left as unknown as AnyNode)
  if (!keys || keys.length === 0) return null
  return { keys: [...new Set(keys)], terms: lookups }
}

/**
 * For `score()`: the index keys of `left` (null when it reads anything else) and every term of
 * the constant pattern `right` with its lookup (null: the term starts with a wildcard); 'none' when
 * groq-js scores the pattern 0 for every document; null when `right` is not constant.
 */
export function scoreTermsOf(
  left: ExprNode,
  right: ExprNode,
  params: Record<string, unknown>,
): { keys: string[] | null; terms: (TermLookup | null)[] } | 'none' | null {
  const patterns = constantPatterns(right as unknown as AnyNode, params)
  if (patterns === null) return null
  if (patterns === 'none') return 'none'
  const terms = patterns.flatMap(patternTermsOf)
  if (terms.length === 0) return 'none'
  const keys = textKeysOf(left as unknown as AnyNode)
  return { keys: keys ? [...new Set(keys)] : null, terms: terms.map(termLookupOf) }
}

/** The pattern strings of a constant right side; 'none' if groq-js would treat it as no match. */
function constantPatterns(node: AnyNode, params: Record<string, unknown>): string[] | 'none' | null {
  let value: unknown
  if (node.type === 'Value') value = node.value
  else if (node.type === 'Parameter') {
    if (!Object.prototype.hasOwnProperty.call(params, node.name as string)) return null
    value = params[node.name as string]
  } else if (node.type === 'Array') {
    const out: unknown[] = []
    for (const element of node.elements as { value: AnyNode; isSplat: boolean }[]) {
      if (element.isSplat || element.value.type !== 'Value') return null
      out.push(element.value.value)
    }
    value = out
  } else return null
  if (typeof value === 'string') return [value]
  if (Array.isArray(value)) return value.every((item) => typeof item === 'string') ? (value as string[]) : 'none'
  return 'none'
}

/** Index keys of the texts an expression evaluated on the document can hold, or null if unknown. */
function textKeysOf(node: AnyNode): string[] | null {
  if (node.type === 'Group') return textKeysOf(node.base as AnyNode)
  if (node.type === 'Array') {
    const keys: string[] = []
    for (const element of node.elements as { value: AnyNode }[]) {
      const elementKeys = textKeysOf(element.value)
      if (!elementKeys) return null
      keys.push(...elementKeys)
    }
    return keys
  }
  if (node.type === 'FuncCall' && node.namespace === 'pt' && node.name === 'text') {
    const args = node.args as AnyNode[]
    const path = args.length === 1 ? pathOf(args[0]) : null
    if (path === null || path.includes('[]') || !isIndexedPath(path)) return null
    return [ptKeyOf(path)]
  }
  const path = pathOf(node)
  if (path === null || !isIndexedPath(path)) return null
  // A string at the path, or the strings of an array at the path.
  return [keyOfStringPath(path), keyOfStringPath(`${path}[]`)]
}

/**
 * The normalised path (`a.b[].c`) of an attribute path or `[]` traversal over the document in
 * scope, or null. Filters inside a traversal (`body[_type == "block"]`) only drop elements, so
 * they are read through.
 */
function pathOf(node: AnyNode, relative = false): string | null {
  switch (node.type) {
    case 'This':
      return relative ? '' : null
    case 'AccessAttribute': {
      const base = node.base as AnyNode | undefined
      const prefix = base === undefined || base.type === 'This' ? '' : pathOf(base, relative)
      if (prefix === null || typeof node.name !== 'string') return null
      return prefix === '' ? node.name : `${prefix}.${node.name}`
    }
    case 'ArrayCoerce': {
      const base = pathOf(node.base as AnyNode, relative)
      return base === null || base === '' ? null : `${base}[]`
    }
    case 'Filter': {
      const base = node.base as AnyNode
      if (base.type === 'Everything') return null
      const path = pathOf(base, relative)
      return path !== null && path.endsWith('[]') ? path : null
    }
    case 'Map':
    case 'FlatMap': {
      const base = pathOf(node.base as AnyNode, relative)
      const rest = pathOf(node.expr as AnyNode, true)
      if (base === null || rest === null || !base.endsWith('[]')) return null
      return rest === '' ? base : `${base}.${rest}`
    }
    default:
      return null
  }
}
