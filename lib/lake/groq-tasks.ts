/**
 * The GROQ work of the lake as plain-data tasks: run a query, check a listen filter, match a listen
 * filter against the documents of one committed transaction. A query worker runs them off the
 * server's event loop (`groq-worker-main.ts`); trusted in-process callers run them directly.
 * Inputs and outputs are structured-clonable; query results travel as JSON text.
 */

import { evaluate, type ExprNode } from 'groq-js'
import { isLakeError, queryExecutionError } from './errors'
import { runQuery, type QueryContext } from './query'
import { listenFilterTimeoutError, QueryBudget } from './query-budget'
import { assertMatchPatterns } from './query-limits'
import { assertParamsProvided, parseQuery } from './query-parser'
import type { LakeDatabase } from './sqlite'
import type { LakeDocument, QueryOptions, QueryResult } from './types'

/** A changed document before and after one transaction (null: absent on that side). */
export type ListenDocPair = [before: LakeDocument | null, after: LakeDocument | null]

/** Whether the before and the after document of each pair match the filter. */
export type ListenMatches = [before: boolean, after: boolean][]

export type GroqTask =
  | { kind: 'query'; query: string; params: Record<string, unknown>; opts: QueryOptions; timeoutMs: number }
  | { kind: 'checkListenFilter'; query: string; params: Record<string, unknown>; timeoutMs: number }
  | { kind: 'matchListenFilter'; query: string; params: Record<string, unknown>; docs: ListenDocPair[]; timeoutMs: number }

/** A query's result, either as a value (in-process) or as JSON text (from a worker). */
export type QueryOutcome = { ms: number; plan: QueryResult['plan'] } & ({ result: unknown } | { resultJson: string })

export interface GroqTaskResults {
  query: QueryOutcome
  checkListenFilter: null
  matchListenFilter: ListenMatches
}

/** Runs one task. `asJson`: return query results as JSON text (for posting across threads). */
export async function runGroqTask<K extends GroqTask['kind']>(
  db: LakeDatabase,
  context: QueryContext,
  task: Extract<GroqTask, { kind: K }>,
  asJson: boolean,
): Promise<GroqTaskResults[K]> {
  const generic = task as GroqTask
  switch (generic.kind) {
    case 'query': {
      const { result, ms, plan } = await runQuery(db, generic.query, generic.params, { ...generic.opts, timeoutMs: generic.timeoutMs }, context)
      const outcome: QueryOutcome = asJson ? { resultJson: resultToJson(result, generic.query), ms, plan } : { result, ms, plan }
      return outcome as GroqTaskResults[K]
    }
    case 'checkListenFilter':
      prepareListenTree(generic.query, generic.params)
      return null as GroqTaskResults[K]
    case 'matchListenFilter':
      return (await matchListenFilter(generic.query, generic.params, generic.docs, generic.timeoutMs)) as GroqTaskResults[K]
  }
}

/** The result as JSON text; a result too large for one string is the query's fault, not a 500. */
function resultToJson(result: unknown, query: string): string {
  try {
    return JSON.stringify(result) ?? 'null'
  } catch (err) {
    if (err instanceof RangeError) throw queryExecutionError('Query result is too large to send; narrow it with filters, slices or a projection', query)
    throw err
  }
}

/** Parses a listen filter and checks its parameters and `match` patterns. */
function prepareListenTree(query: string, params: Record<string, unknown>): ExprNode {
  const tree = parseQuery(query, params)
  assertParamsProvided(tree, params, query)
  assertMatchPatterns(tree, params, query)
  return tree
}

async function matchListenFilter(
  query: string,
  params: Record<string, unknown>,
  docs: ListenDocPair[],
  timeoutMs: number,
): Promise<ListenMatches> {
  const tree = prepareListenTree(query, params)
  const budget = new QueryBudget(query, timeoutMs, listenFilterTimeoutError)
  const values = budget.guardArrays(structuredClone(params))
  const out: ListenMatches = []
  for (const [before, after] of docs) {
    out.push([before ? await matches(tree, before, values, budget) : false, after ? await matches(tree, after, values, budget) : false])
  }
  return out
}

/**
 * A document matches when the listen query, evaluated over just that document, yields it. An
 * evaluation error is a non-match (as before); running out of time is not.
 */
async function matches(tree: ExprNode, doc: LakeDocument, params: Record<string, unknown>, budget: QueryBudget): Promise<boolean> {
  try {
    const value = await evaluate(tree, { dataset: budget.guard([doc]), params })
    const result = await value.get()
    return Array.isArray(result) ? result.length > 0 : result !== null && result !== undefined && result !== false
  } catch (err) {
    if (isLakeError(err)) throw err
    return false
  }
}
