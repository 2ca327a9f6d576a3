/**
 * Errors the lake reports to its callers. Every bad request becomes a LakeError with the HTTP
 * status and the JSON body the Content Lake would send, so the HTTP layer never has to guess.
 */

export type LakeErrorBody = Record<string, unknown>

export class LakeError extends Error {
  readonly statusCode: number
  readonly body: LakeErrorBody
  /** Extra response headers (e.g. `retry-after`). */
  readonly headers: Record<string, string>

  constructor(statusCode: number, description: string, body?: LakeErrorBody, headers: Record<string, string> = {}) {
    super(description)
    this.name = 'LakeError'
    this.statusCode = statusCode
    this.body = body ?? { error: { type: 'httpError', description } }
    this.headers = headers
  }
}

export function isLakeError(err: unknown): err is LakeError {
  return err instanceof LakeError
}

export interface MutationErrorItem {
  error: { type: string; description: string; id?: string; value?: unknown }
  index: number
}

/** A failed mutation request; `items` points at the offending mutation(s). */
export function mutationError(
  statusCode: number,
  description: string,
  items: MutationErrorItem[] = [],
): LakeError {
  const summary = items.length ? `The mutation(s) failed: ${description}` : description
  return new LakeError(statusCode, summary, {
    error: { type: 'mutationError', description: summary, items },
  })
}

/** A single-item mutation error, the common case. */
export function mutationItemError(
  statusCode: number,
  type: string,
  description: string,
  index: number,
  id?: string,
): LakeError {
  return mutationError(statusCode, description, [{ error: { type, description, ...(id ? { id } : {}) }, index }])
}

export function queryParseError(description: string, query: string, start: number, end: number): LakeError {
  return new LakeError(400, description, {
    error: { type: 'queryParseError', description, query, start, end },
  })
}

export function queryExecutionError(description: string, query: string): LakeError {
  return new LakeError(400, description, {
    error: { type: 'queryExecutionError', description, query },
  })
}

/** Content Lake answers auth failures in the Boom style: `{statusCode, error, message}`. */
export function unauthorized(message: string): LakeError {
  return new LakeError(401, message, { statusCode: 401, error: 'Unauthorized', message })
}

export function badRequest(description: string, type = 'validationError'): LakeError {
  return new LakeError(400, description, { error: { type, description } })
}

export function notFound(description: string): LakeError {
  return new LakeError(404, description, { error: { type: 'notFound', description } })
}

export function payloadTooLarge(limitBytes: number): LakeError {
  const description = `Request body exceeds the limit of ${limitBytes} bytes`
  return new LakeError(413, description, { error: { type: 'payloadTooLarge', description } })
}

export function methodNotAllowed(method: string): LakeError {
  const description = `Method ${method} is not allowed on this endpoint`
  return new LakeError(405, description, { error: { type: 'methodNotAllowed', description } })
}

/** A request refused because its Host header names no host the lake answers to (DNS rebinding). */
export function hostNotAllowed(description: string): LakeError {
  return new LakeError(403, description, { error: { type: 'hostNotAllowed', description } })
}

/** A per-client cap (connections, listen streams) was reached. */
export function tooManyRequests(type: string, description: string, retryAfterSeconds = 1, headers: Record<string, string> = {}): LakeError {
  return new LakeError(429, description, { error: { type, description } }, { 'retry-after': String(retryAfterSeconds), ...headers })
}

/** The server is busy (e.g. the image render queue is full); try again after `retryAfterSeconds`. */
export function serviceUnavailable(type: string, description: string, retryAfterSeconds = 1): LakeError {
  return new LakeError(503, description, { error: { type, description } }, { 'retry-after': String(retryAfterSeconds) })
}

/** An uploaded or stored image above a stated size limit. */
export function imageTooLarge(description: string): LakeError {
  return new LakeError(413, description, { error: { type: 'imageTooLarge', description } })
}

/** A session-cookie request from a page that is not an allowed Studio origin (CSRF), or without an Origin on a write. */
export function originNotAllowed(description: string): LakeError {
  return new LakeError(403, description, { error: { type: 'originNotAllowed', description } })
}
