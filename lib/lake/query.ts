/**
 * GROQ queries against the lake: parse (cached), plan candidates through the indexes, evaluate
 * with groq-js over the perspective's documents with a `->` that follows the same perspective.
 * The lake server runs this inside a query worker (`groq-tasks.ts`), never on its event loop.
 */

import { evaluate, type DereferenceFunction, type ExprNode } from 'groq-js'
import {
  dereferenceFromDatabase,
  dereferenceFromDocuments,
  readCandidates,
  readFullView,
} from './document-reader'
import { queryExecutionError, queryParseError, isLakeError } from './errors'
import { planIndexLookups, planOrderedQuery } from './index-planner'
import { readOrderedCandidates } from './ordered-reader'
import { resolveView } from './perspective'
import { DEFAULT_QUERY_TIMEOUT_MS, QueryBudget } from './query-budget'
import { assertMatchPatterns } from './query-limits'
import { assertParamsProvided, parseQuery } from './query-parser'
import type { LakeDatabase } from './sqlite'
import type { LakeDocument, QueryOptions, QueryResult } from './types'

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
  assertMatchPatterns(tree, params, query)
  const view = resolveView(opts)
  const budget = new QueryBudget(query, opts.timeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS)
  const values = budget.guardArrays(structuredClone(params)) // `$param` arrays tick the budget too
  const sanity = { projectId: context.projectId, dataset: context.dataset }
  // One timestamp for every evaluation of this query (`now()` must not move between passes).
  const timestamp = new Date()
  const ordered = opts.planner === 'fullscan' ? null : planOrderedQuery(tree, values)
  const lookups = opts.planner === 'fullscan' || ordered ? null : planIndexLookups(tree, values)
  let dataset: LakeDocument[]
  let dereference: DereferenceFunction
  if (ordered) {
    dereference = dereferenceFromDatabase(db, view, [])
    dataset = await readOrderedCandidates(db, ordered, view, dereference, async (filter, docs, deref) => {
      const matches = await evaluateTree(filter, query, { dataset: budget.guard(docs), params: values, dereference: budget.dereference(deref), sanity, timestamp })
      const ids = new Set<string>()
      if (Array.isArray(matches)) for (const doc of matches) if (typeof doc?._id === 'string') ids.add(doc._id)
      return ids
    })
  } else {
    dataset = lookups ? readCandidates(db, lookups, view) : readFullView(db, view)
    dereference = lookups ? dereferenceFromDatabase(db, view, dataset) : dereferenceFromDocuments(dataset)
  }
  const result = await evaluateTree(tree, query, { dataset: budget.guard(dataset), params: values, dereference: budget.dereference(dereference), sanity, timestamp })
  const plan = ordered ? 'ordered' : lookups ? 'indexed' : 'fullscan'
  return { result, ms: Math.round((performance.now() - started) * 100) / 100, plan }
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
