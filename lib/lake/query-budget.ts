/**
 * A time bound for GROQ evaluation. groq-js has no cancellation and evaluates in microtasks, so
 * a query like `*[count(*[count(*[…]) > 0]) > 0]` (a nested `*` per document, |D|^k work) would
 * hold the process until it finishes. Every pass over the dataset and every `->` ticks the budget;
 * past the deadline the evaluation throws and the caller gets a 400 `queryTimeout`.
 */

import type { DereferenceFunction } from 'groq-js'
import { LakeError } from './errors'

export const DEFAULT_QUERY_TIMEOUT_MS = 10_000

export function queryTimeoutError(query: string, limitMs: number): LakeError {
  const description =
    `Query exceeded the time limit of ${limitMs} ms; a "*" nested in a filter or projection is ` +
    'evaluated once per document: narrow it with filters or split the query'
  return new LakeError(400, description, { error: { type: 'queryTimeout', description, query } })
}

export class QueryBudget {
  private readonly deadline: number
  private ticks = 0

  constructor(private readonly query: string, private readonly limitMs: number) {
    this.deadline = performance.now() + limitMs
  }

  tick(): void {
    if ((++this.ticks & 255) === 0 && performance.now() > this.deadline) throw queryTimeoutError(this.query, this.limitMs)
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

  dereference(inner: DereferenceFunction): DereferenceFunction {
    return (ref) => {
      this.tick()
      return inner(ref)
    }
  }
}
