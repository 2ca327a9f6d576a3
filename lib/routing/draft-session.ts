/**
 * Draft mode bound to a session of our own. Next's `__prerender_bypass` cookie is the build's
 * `previewModeId` (in `.next/prerender-manifest.json`): the same for every editor, valid until the
 * next build, untouched by disable. So draft mode also needs this cookie: `<id>.<expires>.<mac>`,
 * an HMAC-SHA256 (key: `draftSessionKey`) over a random id and an expiry 8 hours on, issued by
 * /api/draft-mode/enable once a preview secret checked out, and revoked by /api/draft-mode/disable.
 *
 * Revocations are durable (draft-session-revocations.ts): on disk for every site server of this
 * build, restart or not, and in Redis for every machine when there is one.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { isDraftSessionRevoked, recordDraftSessionRevocation } from './draft-session-revocations'

export const DRAFT_SESSION_COOKIE = 'newsroom-draft-session'
export const DRAFT_SESSION_LIFETIME_MS = 8 * 60 * 60 * 1000

/** The session key from a server secret (the API token, or DRAFT_SESSION_SECRET): never the secret itself. */
export function draftSessionKey(secret: string): Buffer {
  return createHmac('sha256', secret).update('newsroom draft-mode session v1').digest()
}

const mac = (key: Buffer, id: string, expiresAt: number) => createHmac('sha256', key).update(`${id}.${expiresAt}`).digest('base64url')

/** A new session cookie value, valid for DRAFT_SESSION_LIFETIME_MS from `now`. */
export function issueDraftSession(key: Buffer, now = Date.now()): string {
  const id = randomBytes(16).toString('base64url')
  const expiresAt = now + DRAFT_SESSION_LIFETIME_MS
  return `${id}.${expiresAt}.${mac(key, id, expiresAt)}`
}

const SESSION_FORMAT = /^([A-Za-z0-9_-]{22})\.(\d{13})\.([A-Za-z0-9_-]{43})$/

type DraftSession = { id: string; expiresAt: number }

/** The session's id and expiry when `value` is one we issued and it has not expired (revoked or not); else null. */
function signedSession(key: Buffer | null, value: string | undefined, now: number): DraftSession | null {
  const parts = key && value ? SESSION_FORMAT.exec(value) : null
  if (!key || !parts) return null
  const [, id, expires, signature] = parts
  const expiresAt = Number(expires)
  const expected = Buffer.from(mac(key, id, expiresAt))
  if (!timingSafeEqual(expected, Buffer.from(signature))) return null
  if (expiresAt <= now || expiresAt > now + DRAFT_SESSION_LIFETIME_MS) return null
  return { id, expiresAt }
}

/** The session's id and expiry when `value` is one we issued, unexpired and not revoked; else null. */
export async function verifyDraftSession(key: Buffer | null, value: string | undefined, now = Date.now()): Promise<DraftSession | null> {
  const session = signedSession(key, value, now)
  if (!session || (await isDraftSessionRevoked(session.id, now))) return null
  return session
}

/** Revokes a valid session (until it would expire anyway), durably; anything else is ignored. */
export async function revokeDraftSession(key: Buffer | null, value: string | undefined, now = Date.now()): Promise<void> {
  const session = signedSession(key, value, now)
  if (session) await recordDraftSessionRevocation(session.id, session.expiresAt, now)
}
