/**
 * Starting and ending a draft session from the draft-mode routes (Next's request cookies): the
 * cookie gets the attributes next-sanity gives Next's bypass cookie (secure and SameSite=None in
 * production, partitioned inside Studio's cross-site iframe), and lives as long as the session.
 */
import { cookies } from 'next/headers'
import { DRAFT_SESSION_COOKIE, DRAFT_SESSION_LIFETIME_MS, issueDraftSession, revokeDraftSession } from './draft-session'
import { currentDraftSessionKey } from './draft-session-key'

export async function startDraftSession(request: Request): Promise<void> {
  const key = currentDraftSessionKey()
  if (!key) return
  const secure = process.env.NODE_ENV === 'production'
  const partitioned = secure && request.headers.get('sec-fetch-dest') === 'iframe' && request.headers.get('sec-fetch-site') === 'cross-site'
  ;(await cookies()).set({
    name: DRAFT_SESSION_COOKIE,
    value: issueDraftSession(key),
    httpOnly: true,
    path: '/',
    secure,
    sameSite: secure ? 'none' : 'lax',
    partitioned,
    maxAge: DRAFT_SESSION_LIFETIME_MS / 1000,
  })
}

export async function endDraftSession(): Promise<void> {
  const store = await cookies()
  await revokeDraftSession(currentDraftSessionKey(), store.get(DRAFT_SESSION_COOKIE)?.value)
  store.delete({ name: DRAFT_SESSION_COOKIE, path: '/' })
}
