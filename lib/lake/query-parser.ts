/**
 * Parses GROQ with groq-js, caches parsed trees (small LRU, one per thread: each query worker has
 * its own) and turns parser failures into the Content Lake's `queryParseError` responses. The
 * size limits of `query-limits.ts` are checked before every parse.
 */

import { parse, type ExprNode } from 'groq-js'
import { queryParseError } from './errors'
import { referencedParameters } from './index-planner'
import { LruCache } from './lru-cache'
import { assertQueryComplexity } from './query-limits'

const treeCache = new LruCache<string, ExprNode>(256)

/**
 * Returns the tree for a query. Parameters are normally resolved at evaluation time so the tree
 * can be cached; the few constructs whose shape depends on a parameter value (`[$from...$to]`,
 * `[$index]`, `[$field]`) are parsed again with the parameters inlined.
 */
export function parseQuery(query: string, params: Record<string, unknown>): ExprNode {
  const cached = treeCache.get(query)
  if (cached) return cached
  assertQueryComplexity(query)
  let tree: ExprNode
  try {
    tree = parse(query)
  } catch (err) {
    if (isSlicingNeedsConstants(err)) return parseWithParams(query, params)
    throw toParseError(err, query)
  }
  if (hasParameterBracket(tree)) return parseWithParams(query, params)
  treeCache.set(query, tree)
  return tree
}

function parseWithParams(query: string, params: Record<string, unknown>): ExprNode {
  try {
    return parse(query, { params })
  } catch (err) {
    throw toParseError(err, query)
  }
}

function isSlicingNeedsConstants(err: unknown): boolean {
  return err instanceof Error && err.name === 'GroqQueryError' && /slicing must use constant/.test(err.message)
}

function toParseError(err: unknown, query: string): Error {
  if (err instanceof Error && err.name === 'GroqSyntaxError') {
    const position = Number((err as { position?: number }).position ?? 0)
    const detail = err.message.replace(/^Syntax error in GROQ query at position \d+:?\s*/, '') || 'syntax error'
    return queryParseError(detail, query, position, Math.min(query.length, position + 1))
  }
  if (err instanceof Error && err.name === 'GroqQueryError') {
    return queryParseError(err.message, query, 0, query.length)
  }
  if (err instanceof Error) return queryParseError(`Invalid query: ${err.message}`, query, 0, query.length)
  return queryParseError('Invalid query', query, 0, query.length)
}

/** A bracket whose content is a bare parameter: its meaning (index, attribute, filter) depends on the value. */
function hasParameterBracket(tree: ExprNode): boolean {
  let found = false
  const visit = (node: unknown): void => {
    if (found || typeof node !== 'object' || node === null) return
    const n = node as { type?: string; expr?: { type?: string }; value?: unknown }
    if (n.type === 'Value') return
    if (n.type === 'Filter' && n.expr?.type === 'Parameter') {
      found = true
      return
    }
    for (const child of Object.values(n)) {
      if (Array.isArray(child)) child.forEach(visit)
      else visit(child)
    }
  }
  visit(tree)
  return found
}

/** Every `$name` the query uses must be given (the Content Lake's wording). */
export function assertParamsProvided(tree: ExprNode, params: Record<string, unknown>, query: string): void {
  for (const name of referencedParameters(tree)) {
    if (!Object.prototype.hasOwnProperty.call(params, name)) {
      const at = Math.max(0, query.indexOf(`$${name}`))
      throw queryParseError(`param $${name} referenced, but not provided`, query, at, at + name.length + 1)
    }
  }
}
