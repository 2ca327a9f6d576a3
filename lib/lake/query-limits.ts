/**
 * Size limits on GROQ requests (queries and listen filters), checked before any parsing: the text
 * length, the parameters' JSON size, the operator count and the items of each comma list. groq-js
 * parses and evaluates recursively and its parser is quadratic in the length of a list (10,000
 * items take 0.2 s, 50,000 take 10 s), so these bound the work a request can ask for before the
 * time limit (see `query-pool.ts`) has to stop it. `match` patterns are checked after parsing.
 * SECURITY.md cites the values of `QUERY_LIMITS`.
 */

import type { ExprNode } from 'groq-js'
import { LakeError, queryParseError } from './errors'
import { DEFAULT_QUERY_TIMEOUT_MS } from './query-budget'

export const QUERY_LIMITS = {
  /** UTF-8 bytes of GROQ text in one query or listen filter. */
  maxQueryBytes: 256 * 1024,
  /** UTF-8 bytes of the JSON encoding of all parameters of one request together. */
  maxParamsBytes: 1024 * 1024,
  /** Operators, brackets, pipes, `->` and `.` outside string literals and comments. */
  maxOperators: 2000,
  /** Comma-separated items in one array literal, object/projection or argument list. */
  maxListItems: 1000,
  /** `*` wildcards in one `match` pattern string (each costs a backtracking level). */
  maxMatchWildcards: 8,
  /** Default time limit of one query (ms), queueing included; a 400 `queryTimeout` past it. */
  defaultQueryTimeoutMs: DEFAULT_QUERY_TIMEOUT_MS,
  /** Default time limit (ms) of one listener's filter over one committed transaction. */
  defaultListenFilterTimeoutMs: 1000,
} as const

/** The request body a query endpoint reads at most: the query and params, JSON-escaped. */
export const MAX_QUERY_BODY_BYTES = 2 * (QUERY_LIMITS.maxQueryBytes + QUERY_LIMITS.maxParamsBytes)

function limitError(type: string, description: string): LakeError {
  return new LakeError(400, description, { error: { type, description } })
}

export function queryTooLarge(description: string): LakeError {
  return limitError('queryTooLarge', description)
}

/**
 * The checks that need no parse: text size, params size, operators and list items. Cheap (one
 * pass over at most `maxQueryBytes`), so the main thread runs them before handing work to a worker.
 */
export function assertQueryWithinLimits(query: string, params: Record<string, unknown>): void {
  if (typeof query !== 'string') return // runQuery answers a missing query with its own 400
  const bytes = Buffer.byteLength(query, 'utf8')
  if (bytes > QUERY_LIMITS.maxQueryBytes) {
    throw queryTooLarge(
      `Query is ${bytes} bytes, over the limit of ${QUERY_LIMITS.maxQueryBytes}; pass long lists as parameters or split the query`,
    )
  }
  const paramBytes = Buffer.byteLength(JSON.stringify(params) ?? '', 'utf8')
  if (paramBytes > QUERY_LIMITS.maxParamsBytes) {
    throw limitError('paramsTooLarge', `Query parameters are ${paramBytes} bytes of JSON, over the limit of ${QUERY_LIMITS.maxParamsBytes}`)
  }
  assertQueryComplexity(query)
}

const OPERATOR = /->|&&|\|\||==|!=|<=|>=|\.\.\.?|[()[\]{}|!+\-*/%<>.]/y

/**
 * Counts operators (each can add a level to the syntax tree: a few thousand overflow groq-js's
 * recursive parser) and the items of every bracketed comma list, skipping strings and comments.
 */
export function assertQueryComplexity(query: string): void {
  let operators = 0
  /** Open brackets: where each started and how many commas it holds so far (index 0: top level). */
  const lists: { start: number; commas: number }[] = [{ start: 0, commas: 0 }]
  let i = 0
  while (i < query.length) {
    const c = query[i]
    if (c === '"' || c === "'") {
      i++
      while (i < query.length && query[i] !== c) i += query[i] === '\\' ? 2 : 1
      i++
      continue
    }
    if (c === '/' && query[i + 1] === '/') {
      while (i < query.length && query[i] !== '\n') i++
      continue
    }
    if (c === ',') {
      const list = lists[lists.length - 1]
      if (++list.commas >= QUERY_LIMITS.maxListItems) {
        throw queryParseError(
          `Query is too complex: more than ${QUERY_LIMITS.maxListItems} items in one list; pass long lists as parameters`,
          query, list.start, i + 1,
        )
      }
      i++
      continue
    }
    OPERATOR.lastIndex = i
    const m = OPERATOR.exec(query)
    if (!m) {
      i++
      continue
    }
    if (++operators > QUERY_LIMITS.maxOperators) {
      throw queryParseError(
        `Query is too complex: more than ${QUERY_LIMITS.maxOperators} operators, brackets and pipes; split it, or pass long lists as parameters`,
        query, i, i + 1,
      )
    }
    if (c === '[' || c === '{' || c === '(') lists.push({ start: i, commas: 0 })
    else if ((c === ']' || c === '}' || c === ')') && lists.length > 1) lists.pop()
    i += m[0].length
  }
}

type AnyNode = { type: string; [key: string]: unknown }

/**
 * Every `match` pattern may hold at most `maxMatchWildcards` `*`: groq-js turns `a*b*c` into the
 * backtracking `^a.*b.*c$`. The count sees through concatenation: the `*` of every constant part
 * of a `+` chain (literals, `$param`s, parenthesised groups) add up, so `"a*" + "a*" + …` is
 * refused like the same pattern written at once. Parts computed from documents count 0; the time
 * limit and the heavy lane of the worker pool (every `match` is costly) bound those.
 */
export function assertMatchPatterns(tree: ExprNode, params: Record<string, unknown>, query: string): void {
  const stack: unknown[] = [tree]
  while (stack.length > 0) {
    const node = stack.pop()
    if (typeof node !== 'object' || node === null) continue
    if (Array.isArray(node)) {
      stack.push(...node)
      continue
    }
    const n = node as AnyNode
    if (n.type === 'Value') continue
    if (n.type === 'OpCall' && n.op === 'match') checkPatterns(patternParts(n.right as AnyNode, params), query)
    for (const child of Object.values(n)) if (typeof child === 'object' && child !== null) stack.push(child)
  }
}

/** The patterns of a `match` right side: each a list of the constant strings it concatenates. */
function patternParts(node: AnyNode, params: Record<string, unknown>): string[][] {
  if (node.type === 'Array') {
    return (node.elements as { value: AnyNode }[]).flatMap((element) => patternParts(element.value, params))
  }
  const value = constantValue(node, params)
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string').map((item) => [item])
  return [concatenatedStrings(node, params)]
}

/** The constant strings of a `+` chain (parts that are not constant strings are left out). */
function concatenatedStrings(node: AnyNode, params: Record<string, unknown>): string[] {
  if (node.type === 'Group') return concatenatedStrings(node.base as AnyNode, params)
  if (node.type === 'OpCall' && node.op === '+') {
    return [...concatenatedStrings(node.left as AnyNode, params), ...concatenatedStrings(node.right as AnyNode, params)]
  }
  const value = constantValue(node, params)
  return typeof value === 'string' ? [value] : []
}

function constantValue(node: AnyNode, params: Record<string, unknown>): unknown {
  if (node.type === 'Value') return node.value
  if (node.type === 'Group') return constantValue(node.base as AnyNode, params)
  if (node.type === 'Parameter' && Object.prototype.hasOwnProperty.call(params, node.name as string)) return params[node.name as string]
  return undefined
}

function checkPatterns(patterns: string[][], query: string): void {
  for (const parts of patterns) {
    let wildcards = 0
    for (const part of parts) for (const ch of part) if (ch === '*') wildcards++
    if (wildcards > QUERY_LIMITS.maxMatchWildcards) {
      const pattern = parts.join('')
      const at = Math.max(0, query.indexOf((parts[0] ?? '').slice(0, 40)))
      const built = parts.length > 1 ? ` (built from ${parts.length} strings with "+")` : ''
      throw queryParseError(
        `"match" pattern has ${wildcards} "*" wildcards${built}, over the limit of ${QUERY_LIMITS.maxMatchWildcards}`,
        query, at, Math.min(query.length, at + pattern.length),
      )
    }
  }
}
