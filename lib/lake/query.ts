/**
 * GROQ queries against the lake: parse (cached), answer exact counts from SQLite
 * (`count-plan.ts`), plan candidates through the indexes (streamed for list queries,
 * `stream-plan.ts`), evaluate with groq-js over the perspective's documents with a `->` that
 * follows the same perspective. The lake server runs this inside a query worker (`groq-tasks.ts`),
 * never on its event loop.
 */

import { evaluate, type DereferenceFunction, type ExprNode } from 'groq-js'
import {
  dereferenceFromDatabase,
  dereferenceFromDocuments,
  readCandidates,
  readFullView,
} from './document-reader'
import { queryExecutionError, queryParseError, isLakeError } from './errors'
import { answerCountsFromIndexes } from './count-plan'
import { planIndexLookups, walk, type AnyNode } from './index-planner'
import { isFlatView } from './lookup-conditions'
import { readStreamedCandidates } from './ordered-reader'
import { resolveView } from './perspective'
import { DEFAULT_QUERY_TIMEOUT_MS, QueryBudget } from './query-budget'
import { assertMatchPatterns } from './query-limits'
import { assertParamsProvided, parseQuery } from './query-parser'
import { planScoreQuery } from './search/score-plan'
import { readScoredCandidates } from './search/score-reader'
import { planDatasetOrderQuery, planOrderedQuery, type StreamPlan } from './stream-plan'
import { replaceNodes, shiftedSlice } from './tree-rewrite'
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
  const indexed = opts.planner !== 'fullscan'
  const counts = indexed ? answerCountsFromIndexes(db, tree, values, view) : { tree, replaced: 0 }
  let evaluated = counts.tree
  const evaluate = (tree: ExprNode, docs: LakeDocument[], deref: DereferenceFunction) =>
    evaluateTree(tree, query, { dataset: budget.guard(docs), params: values, dereference: budget.dereference(deref), sanity, timestamp })
  const scorePlan = indexed && isFlatView(view) ? planScoreQuery(evaluated, values) : null
  const scored = scorePlan
    ? await readScoredCandidates(db, scorePlan, view, values, dereferenceFromDatabase(db, view, []), async (docs, deref) => {
        const results = await evaluate(scorePlan.scored, docs, deref)
        const scores = new Map<string, number>()
        if (Array.isArray(results)) for (const doc of results) if (typeof doc?._id === 'string' && typeof doc._score === 'number') scores.set(doc._id, doc._score)
        return scores
      })
    : null
  const stream: StreamPlan | null = indexed && !scored
    ? (planOrderedQuery(evaluated, values) ?? (isFlatView(view) ? planDatasetOrderQuery(evaluated, values) : null))
    : null
  const lookups = !indexed || scored || stream ? null : planIndexLookups(evaluated, values)
  let dataset: LakeDocument[]
  let dereference: DereferenceFunction
  let plan: QueryResult['plan']
  if (scored) {
    plan = 'scored'
    dataset = scored
    dereference = dereferenceFromDatabase(db, view, dataset)
  } else if (stream) {
    plan = 'ordered'
    dereference = dereferenceFromDatabase(db, view, [])
    const streamed = await readStreamedCandidates(db, stream, view, dereference, async (filter, docs, deref) => {
      const matches = await evaluate(filter, docs, deref)
      const ids = new Set<string>()
      if (Array.isArray(matches)) for (const doc of matches) if (typeof doc?._id === 'string') ids.add(doc._id)
      return ids
    })
    dataset = streamed.docs
    if (streamed.skipped > 0) evaluated = replaceNodes(evaluated, new Map([[stream.slice, shiftedSlice(stream.slice, streamed.skipped)]]))
  } else if (lookups) {
    plan = 'indexed'
    dataset = readCandidates(db, lookups, view)
    dereference = dereferenceFromDatabase(db, view, dataset)
  } else if (counts.replaced > 0 && readsNoDocuments(evaluated)) {
    plan = 'counted'
    dataset = []
    dereference = dereferenceFromDatabase(db, view, [])
  } else {
    plan = 'fullscan'
    dataset = readFullView(db, view)
    dereference = dereferenceFromDocuments(dataset)
  }
  const result = await evaluate(evaluated, dataset, dereference)
  return { result, ms: Math.round((performance.now() - started) * 100) / 100, plan }
}

/** No `*` left and no function that reads the whole dataset (`releases::all()`). */
function readsNoDocuments(tree: ExprNode): boolean {
  let reads = false
  walk(tree as unknown as AnyNode, [], (node) => {
    if (node.type === 'Everything' || (node.type === 'FuncCall' && node.namespace === 'releases')) reads = true
  })
  return !reads
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
