/**
 * Time bounds for GROQ evaluation and the errors a client gets past them. groq-js has no
 * cancellation and evaluates in microtasks. Inside a query worker this budget is the soft bound:
 * every pass over the dataset or over a `$param` array and every `->` ticks it, and past the
 * deadline the evaluation throws a 400 `queryTimeout` and the worker lives on. Work that iterates
 * neither (a backtracking `match`) never ticks: for that the pool terminates the worker at the
 * hard deadline (`worker-pool.ts`) and the client gets the same error.
 */

import type { DereferenceFunction } from 'groq-js'
import { LakeError, serviceUnavailable, tooManyRequests } from './errors'

export const DEFAULT_QUERY_TIMEOUT_MS = 10_000

export function queryTimeoutError(query: string, limitMs: number): LakeError {
  const description =
    `Query exceeded the time limit of ${limitMs} ms; a "*" nested in a filter or projection is ` +
    'evaluated once per document, and "match" patterns with several "*" backtrack: narrow it with filters or split the query'
  return new LakeError(400, description, { error: { type: 'queryTimeout', description, query } })
}

export function listenFilterTimeoutError(query: string, limitMs: number): LakeError {
  const description =
    `Listen filter exceeded the time limit of ${limitMs} ms for one transaction; the listener was closed. ` +
    'Simplify the filter (e.g. fewer "*" in "match" patterns)'
  return new LakeError(400, description, { error: { type: 'queryTimeout', description, query } })
}

/** A query worker ran out of heap (e.g. a query that builds huge arrays). */
export function queryMemoryError(query: string, limitMb: number): LakeError {
  const description = `Query exceeded the memory limit of ${limitMb} MB; narrow it with filters or slices`
  return new LakeError(400, description, { error: { type: 'queryExecutionError', description, query } })
}

/** Every query worker is busy and the queue is full, or a queued query waited out its time limit. */
export function queryBusyError(description: string): LakeError {
  return serviceUnavailable('queryQueueFull', description, 1)
}

/**
 * A client used more worker time recently than its budget: its heavy queries (or, for a
 * listener, its filter matching) wait until the usage decays.
 */
export function queryBudgetError(client: string, listening: boolean, retryAfterSeconds: number): LakeError {
  const what = listening ? 'Listen filters of' : 'Costly queries from'
  return tooManyRequests(
    'queryBudgetExceeded',
    `${what} ${client} used more than their share of the lake's query workers recently; retry in ${retryAfterSeconds} s, or make the query cheaper (filter by _id, _type or slug, fewer nested "*", no "match")`,
    retryAfterSeconds,
  )
}

export class QueryBudget {
  private readonly deadline: number
  private ticks = 0

  constructor(
    private readonly query: string,
    private readonly limitMs: number,
    private readonly timeoutError: (query: string, limitMs: number) => LakeError = queryTimeoutError,
  ) {
    this.deadline = performance.now() + limitMs
  }

  tick(): void {
    if ((++this.ticks & 255) === 0 && performance.now() > this.deadline) throw this.timeoutError(this.query, this.limitMs)
  }

  /** Makes every `for…of` over `docs` (each evaluation of `*`) tick the budget. Returns `docs`. */
  guard<T>(docs: T[]): T[] {
    const tick = () => this.tick()
    Object.defineProperty(docs, Symbol.iterator, {
      configurable: true,
      writable: true,
      value: function* iterate(): Generator<T> {
        for (let i = 0; i < docs.length; i++) {
          tick()
          yield docs[i]
        }
      },
    })
    return docs
  }

  /**
   * Guards every array inside `value` (e.g. `$param` arrays: `$a[count($a[…]) > 0]` iterates them
   * |a|^k times without touching the dataset). Changes the arrays, so pass a copy you own.
   */
  guardArrays<T>(value: T): T {
    const stack: unknown[] = [value]
    while (stack.length > 0) {
      const item = stack.pop()
      if (typeof item !== 'object' || item === null) continue
      if (Array.isArray(item)) {
        stack.push(...item)
        this.guard(item)
      } else {
        stack.push(...Object.values(item))
      }
    }
    return value
  }

  dereference(inner: DereferenceFunction): DereferenceFunction {
    return (ref) => {
      this.tick()
      return inner(ref)
    }
  }
}
