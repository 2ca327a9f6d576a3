/**
 * GROQ queries against the lake: parse (cached), plan candidates through the indexes, evaluate
 * with groq-js over the perspective's documents with a `->` that follows the same perspective.
 */

import { evaluate, type ExprNode } from 'groq-js'
import {
  dereferenceFromDatabase,
  dereferenceFromDocuments,
  readCandidates,
  readFullView,
} from './document-reader'
import { queryExecutionError, queryParseError, isLakeError } from './errors'
import { planIndexLookups, referencedParameters } from './index-planner'
import { resolveView } from './perspective'
import { parseQuery } from './query-parser'
import type { LakeDatabase } from './sqlite'
import type { QueryOptions, QueryResult } from './types'

export interface QueryContext {
  projectId: string
  dataset: string
}

export async function runQuery(
  db: LakeDatabase,
  query: string,
  params: Record<string, unknown>,
  opts: QueryOptions,
  context: QueryContext,
): Promise<QueryResult> {
  const started = performance.now()
  if (typeof query !== 'string' || query.trim() === '') {
    throw queryParseError('Missing or empty query', String(query ?? ''), 0, 0)
  }
  const tree = parseQuery(query, params)
  assertParamsProvided(tree, params, query)
  const view = resolveView(opts)
  const lookups = opts.planner === 'fullscan' ? null : planIndexLookups(tree, params)
  const dataset = lookups ? readCandidates(db, lookups, view) : readFullView(db, view)
  const dereference = lookups
    ? dereferenceFromDatabase(db, view, dataset)
    : dereferenceFromDocuments(dataset)
  const result = await evaluateTree(tree, query, {
    dataset,
    params,
    dereference,
    sanity: { projectId: context.projectId, dataset: context.dataset },
  })
  return { result, ms: Math.round((performance.now() - started) * 100) / 100, plan: lookups ? 'indexed' : 'fullscan' }
}

async function evaluateTree(tree: ExprNode, query: string, options: Parameters<typeof evaluate>[1]): Promise<unknown> {
  try {
    const value = await evaluate(tree, options)
    return await value.get()
  } catch (err) {
    if (isLakeError(err)) throw err
    const message = err instanceof Error ? err.message : String(err)
    throw queryExecutionError(`Query evaluation failed: ${message}`, query)
  }
}

function assertParamsProvided(tree: ExprNode, params: Record<string, unknown>, query: string): void {
  for (const name of referencedParameters(tree)) {
    if (!Object.prototype.hasOwnProperty.call(params, name)) {
      const at = Math.max(0, query.indexOf(`$${name}`))
      throw queryParseError(`param $${name} referenced, but not provided`, query, at, at + name.length + 1)
    }
  }
}
