/** Small HTTP helpers: body reading with limits, JSON replies, auth, and query-string access. */

import type { IncomingMessage, ServerResponse } from 'node:http'
import { timingSafeEqual } from 'node:crypto'
import { badRequest, isLakeError, LakeError, payloadTooLarge, queryParseError, unauthorized } from '../errors'
import { jsonValueProblem } from '../json-limits'
import { discardRestOfBody } from './discard-body'

export const JSON_BODY_LIMIT = 10 * 1024 * 1024
export const ASSET_BODY_LIMIT = 100 * 1024 * 1024

export interface RequestContext {
  req: IncomingMessage
  res: ServerResponse
  url: URL
  /** The API version of `/v{apiVersion}/…` (`2025-02-19`, `1`, `X`). */
  apiVersion: string
  /** The path after `/v{apiVersion}/`. */
  rest: string
  authenticated: boolean
}

/**
 * Reads the whole body, failing with 413 as soon as it grows past `limit` (counted on the bytes
 * read, chunked or not). Past the limit nothing more is kept; `sendError` answers and discards at
 * most DISCARDED_BODY_BYTES of the rest (`discardRestOfBody`).
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(payloadTooLarge(limit))
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size <= limit) {
        chunks.push(chunk)
        return
      }
      req.off('data', onData)
      req.pause()
      chunks.length = 0
      reject(payloadTooLarge(limit))
    }
    req.on('data', onData)
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

export async function readJsonBody(req: IncomingMessage, errorType: string, limit = JSON_BODY_LIMIT): Promise<Record<string, unknown>> {
  const raw = await readBody(req, limit)
  if (raw.length === 0) throw badRequest('Request body is empty; expected a JSON object', errorType)
  let parsed: unknown
  try {
    parsed = JSON.parse(raw.toString('utf8'))
  } catch (err) {
    throw badRequest(`Request body is not valid JSON: ${(err as Error).message}`, errorType)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw badRequest('Request body must be a JSON object', errorType)
  }
  const problem = jsonValueProblem(parsed)
  if (problem) throw badRequest(`Request body rejected: ${problem}`, errorType)
  return parsed as Record<string, unknown>
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end()
    return
  }
  const payload = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    'cache-control': 'no-store',
    ...headers,
  })
  res.end(payload)
}

/**
 * Replies with the error's own status and body; unexpected errors become a 500. An error answered
 * before the request's body was all read (a body over its limit) discards at most
 * DISCARDED_BODY_BYTES of the rest, then cuts the connection (`discardRestOfBody`).
 */
export function sendError(res: ServerResponse, err: unknown, onUnexpected?: (err: unknown) => void): void {
  if (isLakeError(err)) sendJson(res, err.statusCode, err.body, err.headers)
  else {
    onUnexpected?.(err)
    sendJson(res, 500, { error: { type: 'internalError', description: 'Internal server error' } })
  }
  if (res.req) discardRestOfBody(res.req)
}

/**
 * Checks `Authorization: Bearer <token>`. No header: anonymous. A header with the wrong token is
 * rejected outright (401), like the Content Lake does for unknown sessions.
 */
export function authenticate(req: IncomingMessage, token: string | undefined): boolean {
  const header = req.headers.authorization
  if (!header) return false
  const match = /^Bearer\s+(.+)$/i.exec(header.trim())
  if (!match || !token || !safeTokenEqual(match[1].trim(), token)) throw unauthorized('Session not found')
  return true
}

export function requireAuthentication(ctx: RequestContext, action: string): void {
  if (!ctx.authenticated) throw unauthorized(`Not authorized: ${action} requires a token`)
}

/** Constant-time comparison of two tokens (the lake's and the presence socket's checks). */
export function safeTokenEqual(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

/** A boolean query-string flag (`true`/`1` → true, `false`/`0` → false). */
export function flag(url: URL, name: string, fallback: boolean): boolean {
  const value = url.searchParams.get(name)
  if (value === null || value === '') return fallback
  if (value === 'true' || value === '1') return true
  if (value === 'false' || value === '0') return false
  throw badRequest(`Query parameter "${name}" must be true or false`)
}

/** GROQ parameter names (`$name`): an identifier, as the GROQ grammar allows. */
export const PARAM_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/

/**
 * Checks GROQ params from any source (`$name=` or a POST body): identifier names, JSON values
 * within the limits. Returns a copy built with
 * `Object.fromEntries`, so `$__proto__` is an own property and cannot change the prototype.
 */
export function validateGroqParams(params: Record<string, unknown>, query: string): Record<string, unknown> {
  const entries = Object.entries(params)
  for (const [name, value] of entries) {
    if (!PARAM_NAME.test(name)) {
      throw queryParseError(`Invalid parameter name "${name.slice(0, 60)}": must match ${PARAM_NAME.source}`, query, 0, 0)
    }
    const problem = jsonValueProblem(value)
    if (problem) throw queryParseError(`Invalid value for parameter $${name}: ${problem}`, query, 0, 0)
  }
  return Object.fromEntries(entries)
}

/** `$name=<JSON>` query parameters as GROQ params. */
export function groqParamsFromSearch(url: URL, query: string): Record<string, unknown> {
  const params: [string, unknown][] = []
  for (const [key, value] of url.searchParams) {
    if (!key.startsWith('$')) continue
    try {
      params.push([key.slice(1), JSON.parse(value)])
    } catch {
      throw new LakeError(400, `Invalid value for parameter ${key}: not JSON`, {
        error: { type: 'queryParseError', description: `Invalid value for parameter ${key}: not JSON`, query, start: 0, end: 0 },
      })
    }
  }
  return validateGroqParams(Object.fromEntries(params), query)
}
