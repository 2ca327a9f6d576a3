import type { z } from 'zod'
import { formatPath, toIssues } from './models/primitives'

/**
 * Parsing query results: one readable log line per problem, and the degrade rules —
 * the caller decides whether a failure means "no page" (null) or "drop this item".
 *
 *   [content] articleBySlug article-x: leadFigure.alt: expected string, received undefined
 */
export type Where = {
  /** Name of the query, e.g. "articleBySlug". */
  query: string
  /** `_id` of the document the result is about. */
  id: string
  /** Where in the result the value sits, e.g. ["legalNotices", 0]. */
  path?: ReadonlyArray<PropertyKey>
  /** What happens to it, appended in parentheses, e.g. "legal notice dropped". */
  outcome?: string
}

export function logContentProblem(where: Where, problems: { path: string; message: string }[]) {
  const detail = problems.map((p) => `${p.path}: ${p.message}`).join('; ')
  const outcome = where.outcome ? ` (${where.outcome})` : ''
  console.error(`[content] ${where.query} ${where.id}: ${detail}${outcome}`)
}

/** Parses `value`; on failure logs one line and returns null. */
export function parseOrLog<T extends z.ZodType>(model: T, value: unknown, where: Where): z.output<T> | null {
  const result = model.safeParse(value)
  if (result.success) return result.data
  logContentProblem(where, toIssues(result.error, where.path ?? []))
  return null
}

/** Parses each item of a list; items that fail are logged (one line each) and dropped. */
export function parseEach<T extends z.ZodType>(
  model: T,
  items: unknown,
  where: Where & { describe?: (item: unknown) => string },
): z.output<T>[] {
  const base = where.path ?? []
  if (items === null || items === undefined) return []
  if (!Array.isArray(items)) {
    logContentProblem(where, [{ path: formatPath(base), message: 'expected an array' }])
    return []
  }
  const out: z.output<T>[] = []
  items.forEach((item, index) => {
    const label = where.describe?.(item)
    const parsed = parseOrLog(model, item, {
      ...where,
      path: [...base, index],
      outcome: where.outcome && label ? `${where.outcome}: ${label}` : where.outcome,
    })
    if (parsed !== null) out.push(parsed)
  })
  return out
}

/** `_id` of a raw result, for log lines, when it has one. */
export function idOf(value: unknown, fallback = '(unknown id)'): string {
  const id = (value as { _id?: unknown } | null | undefined)?._id
  return typeof id === 'string' && id ? id : fallback
}
