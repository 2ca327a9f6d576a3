/**
 * Draft sessions (issue 18, row 6): Next's bypass cookie is the build's `previewModeId`, readable
 * from `.next/prerender-manifest.json`, so draft mode also needs a session cookie of ours — signed,
 * 8 hours at most, revoked by disable. A forged, tampered, expired or revoked session is no session,
 * and a revocation holds after a restart and for every site server of the build (it is on disk).
 */
import fs from 'node:fs'
import path from 'node:path'
import { inAnotherServerProcess } from '../support/site-state-process'
import { DRAFT_SESSION_LIFETIME_MS, draftSessionKey, issueDraftSession, revokeDraftSession, verifyDraftSession } from '@/lib/routing/draft-session'

const now = Date.now()
jest.setTimeout(60_000)
const SECRET = 'server-token-0123456789-0123456789-0123'
const key = draftSessionKey(SECRET)
/** Another site-server process (or this one restarted): does `command` with the state on disk, then ends. */
const otherServer = (command: 'revoke-draft-session' | 'verify-draft-session', cookie: string) => inAnotherServerProcess(command, SECRET, cookie)

describe('draft sessions', () => {
  it('a session we issued is valid for 8 hours, then not', async () => {
    const session = issueDraftSession(key, now)
    expect(await verifyDraftSession(key, session, now)).toMatchObject({ expiresAt: now + DRAFT_SESSION_LIFETIME_MS })
    expect(await verifyDraftSession(key, session, now + DRAFT_SESSION_LIFETIME_MS - 1)).not.toBeNull()
    expect(await verifyDraftSession(key, session, now + DRAFT_SESSION_LIFETIME_MS)).toBeNull()
  })

  it('refuses a session signed with another key, a tampered expiry or signature, and garbage', async () => {
    const session = issueDraftSession(key, now)
    const [id, expires, signature] = session.split('.')
    expect(await verifyDraftSession(draftSessionKey('another-token-0123456789-0123456789-01'), session, now)).toBeNull()
    expect(await verifyDraftSession(key, `${id}.${Number(expires) + 1000}.${signature}`, now)).toBeNull()
    const flipped = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`
    expect(await verifyDraftSession(key, `${id}.${expires}.${flipped}`, now)).toBeNull()
    for (const garbage of [undefined, '', 'x', 'a.b.c', `${id}.${expires}`, `${session}.x`]) expect(await verifyDraftSession(key, garbage, now)).toBeNull()
    expect(await verifyDraftSession(null, session, now)).toBeNull()
  })

  it('refuses a validly signed session that claims to live longer than 8 hours', async () => {
    const session = issueDraftSession(key, now + 60 * 60_000)
    expect(await verifyDraftSession(key, session, now)).toBeNull()
  })

  it('a revoked session stays refused (a copy of the cookie included), others stay valid', async () => {
    const revoked = issueDraftSession(key, now)
    const other = issueDraftSession(key, now)
    await revokeDraftSession(key, revoked, now)
    expect(await verifyDraftSession(key, revoked, now + 1000)).toBeNull()
    expect(await verifyDraftSession(key, other, now + 1000)).not.toBeNull()
  })

  it('a revocation holds in another server process and after a restart, both ways', async () => {
    const revokedHere = issueDraftSession(key)
    const revokedThere = issueDraftSession(key)
    const other = issueDraftSession(key)
    await revokeDraftSession(key, revokedHere)
    expect(otherServer('verify-draft-session', revokedHere)).toBe('refused')
    expect(otherServer('verify-draft-session', other)).toBe('valid')
    // Revoked by a server killed (SIGKILL) right after it answered: refused here.
    expect(otherServer('revoke-draft-session', revokedThere)).toBe('revoked')
    expect(await verifyDraftSession(key, revokedThere)).toBeNull()
    expect(await verifyDraftSession(key, other)).not.toBeNull()
  })

  it('keeps revocations in a file only its user can read', () => {
    const stateDir = process.env.SITE_STATE_DIR as string
    const file = path.join(stateDir, 'site-state.sqlite')
    expect(fs.statSync(stateDir).mode & 0o777).toBe(0o700)
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
  })
})
