/** Sanity document id rules and the id prefixes that carry meaning (drafts., versions.). */

import { randomBytes } from 'node:crypto'

export const DRAFTS_PREFIX = 'drafts.'
export const VERSIONS_PREFIX = 'versions.'
const MAX_ID_LENGTH = 128
const ID_PATTERN = /^[a-zA-Z0-9_][a-zA-Z0-9._-]*$/

/** Why an id is not acceptable, or null when it is fine. */
export function invalidIdReason(id: unknown): string | null {
  if (typeof id !== 'string' || id.length === 0) return 'Document ID must be a non-empty string'
  if (id.length > MAX_ID_LENGTH) return `Document ID "${id.slice(0, 40)}…" is longer than ${MAX_ID_LENGTH} characters`
  if (!ID_PATTERN.test(id)) return `Malformed document ID: "${id}"`
  if (id.includes('..') || id.endsWith('.')) return `Malformed document ID: "${id}"`
  return null
}

/** Ids with a dot (drafts.*, versions.*) are private: only authenticated callers see them. */
export function isPrivateId(id: string): boolean {
  return id.includes('.')
}

export function isDraftId(id: string): boolean {
  return id.startsWith(DRAFTS_PREFIX)
}

/** A random id like the Content Lake makes (22 url-safe chars). */
export function randomDocumentId(): string {
  return randomBytes(16).toString('base64url').replace(/[-_]/g, 'x').slice(0, 22)
}

/** Transaction ids double as revisions. */
export function randomTransactionId(): string {
  return randomBytes(12).toString('base64url').replace(/[-_]/g, 'z')
}
