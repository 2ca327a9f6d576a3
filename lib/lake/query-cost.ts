/**
 * Which lane of the worker pool (`worker-pool.ts`) a query goes to: `cheap` (never queued behind
 * long work) or `heavy` (few slots, shared fairly between clients). A query's *shape* (its text
 * with literals, whitespace and comments normalised, plus the size class of its parameters)
 * decides by history when there is one: a shape that timed out, or ran past the slow mark more
 * often than its record of fast runs allows, is heavy for a while; a shape that finished quickly
 * is cheap. A shape never seen is judged by its text: more than one
 * `*`, a `match`, a filter or projection over a `$param`, or large parameters make it heavy;
 * anything else tries the cheap lane, where the pool demotes it once it runs long.
 */

import { createHash } from 'node:crypto'

export type QueryLane = 'cheap' | 'heavy'

/** Parameters larger than this (JSON bytes) make an unknown shape heavy. */
const LARGE_PARAMS_BYTES = 8 * 1024

/** The shape of a query: a digest of its normalised text and the log2 size class of its parameters. */
export function queryShapeOf(query: string, params: Record<string, unknown>): string {
  const paramBytes = Buffer.byteLength(JSON.stringify(params) ?? '', 'utf8')
  const sizeClass = Math.floor(Math.log2(paramBytes + 1))
  return createHash('sha1').update(normaliseQueryText(query)).update(`\u0000${sizeClass}`).digest('base64url')
}

/** The query text with strings as `s`, numbers as `0`, comments dropped and whitespace collapsed. */
export function normaliseQueryText(query: string): string {
  return query
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, 's')
    .replace(/\/\/[^\n]*/g, ' ')
    .replace(/\b\d+(?:\.\d+)?(?:e[+-]?\d+)?\b/gi, '0')
    .replace(/\s+/g, ' ')
    .replace(/ ?([^\w ]) ?/g, '$1')
    .trim()
}

/**
 * Costly by its text: more than one `*` (each nested `*` is a pass over the dataset per document;
 * a multiplication also counts, to be safe), a `match` (patterns backtrack), a filter or
 * projection over a `$param` (`$a[…]`, iterated per element), or large parameters.
 */
export function isCostlyByText(query: string, params: Record<string, unknown>): boolean {
  const code = query.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""').replace(/\/\/[^\n]*/g, '')
  const stars = code.split('*').length - 1
  if (stars > 1) return true
  if (/\bmatch\b/.test(code)) return true
  if (/\$[A-Za-z_]\w*\s*\[/.test(code)) return true
  return Buffer.byteLength(JSON.stringify(params) ?? '', 'utf8') > LARGE_PARAMS_BYTES
}

/** Fast runs a shape's record counts up to (so a shape that turns slow turns heavy soon). */
const MAX_FAST_CREDIT = 64

interface ShapeRecord {
  /** Heavy until then (performance.now() ms). */
  heavyUntil: number
  fastRuns: number
}

export interface QueryHistoryOptions {
  /** A run longer than this (or demoted, or timed out) makes the shape heavy. */
  slowMs: number
  /** How long a slow run keeps its shape heavy. */
  heavyForMs: number
  /** Shapes remembered (least recently used forgotten first). */
  maxShapes: number
}

export class QueryShapeHistory {
  private readonly shapes = new Map<string, ShapeRecord>()

  constructor(
    private readonly opts: QueryHistoryOptions,
    private readonly now: () => number = () => performance.now(),
  ) {}

  laneOf(shape: string, costlyByText: boolean): QueryLane {
    const record = this.shapes.get(shape)
    if (record && record.heavyUntil > this.now()) return 'heavy'
    if (record && record.fastRuns > 0) return 'cheap'
    return costlyByText ? 'heavy' : 'cheap'
  }

  record(shape: string, outcome: { ms: number; demoted: boolean; timedOut: boolean }): void {
    const record = this.shapes.get(shape) ?? { heavyUntil: 0, fastRuns: 0 }
    this.shapes.delete(shape)
    if (outcome.timedOut) {
      record.heavyUntil = this.now() + this.opts.heavyForMs
      record.fastRuns = 0
    } else if (outcome.demoted || outcome.ms > this.opts.slowMs) {
      // One slow run of a shape with a record of fast ones (a busy machine, a large result) cuts
      // its credit to a quarter; a shape that keeps running slow turns heavy within four runs.
      record.fastRuns = Math.floor(record.fastRuns / 4)
      if (record.fastRuns === 0) record.heavyUntil = this.now() + this.opts.heavyForMs
    } else {
      record.fastRuns = Math.min(MAX_FAST_CREDIT, record.fastRuns + 1)
      record.heavyUntil = 0
    }
    this.shapes.set(shape, record)
    if (this.shapes.size > this.opts.maxShapes) this.shapes.delete(this.shapes.keys().next().value as string)
  }
}
