/**
 * Draft sessions (issue 18, row 6): Next's bypass cookie is the build's `previewModeId`, readable
 * from `.next/prerender-manifest.json`, so draft mode also needs a session cookie of ours — signed,
 * 8 hours at most, revoked by disable. A forged, tampered, expired or revoked session is no session.
 */
import { DRAFT_SESSION_LIFETIME_MS, draftSessionKey, issueDraftSession, revokeDraftSession, verifyDraftSession } from '@/lib/routing/draft-session'

const key = draftSessionKey('server-token-0123456789-0123456789-0123')
const now = Date.parse('2026-12-06T10:00:00Z')

describe('draft sessions', () => {
  it('a session we issued is valid for 8 hours, then not', () => {
    const session = issueDraftSession(key, now)
    expect(verifyDraftSession(key, session, now)).toMatchObject({ expiresAt: now + DRAFT_SESSION_LIFETIME_MS })
    expect(verifyDraftSession(key, session, now + DRAFT_SESSION_LIFETIME_MS - 1)).not.toBeNull()
    expect(verifyDraftSession(key, session, now + DRAFT_SESSION_LIFETIME_MS)).toBeNull()
  })

  it('refuses a session signed with another key, a tampered expiry or signature, and garbage', () => {
    const session = issueDraftSession(key, now)
    const [id, expires, signature] = session.split('.')
    expect(verifyDraftSession(draftSessionKey('another-token-0123456789-0123456789-01'), session, now)).toBeNull()
    expect(verifyDraftSession(key, `${id}.${Number(expires) + 1000}.${signature}`, now)).toBeNull()
    const flipped = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`
    expect(verifyDraftSession(key, `${id}.${expires}.${flipped}`, now)).toBeNull()
    for (const garbage of [undefined, '', 'x', 'a.b.c', `${id}.${expires}`, `${session}.x`]) expect(verifyDraftSession(key, garbage, now)).toBeNull()
    expect(verifyDraftSession(null, session, now)).toBeNull()
  })

  it('refuses a validly signed session that claims to live longer than 8 hours', () => {
    const session = issueDraftSession(key, now + 60 * 60_000)
    expect(verifyDraftSession(key, session, now)).toBeNull()
  })

  it('a revoked session stays refused (a copy of the cookie included), others stay valid', () => {
    const revoked = issueDraftSession(key, now)
    const other = issueDraftSession(key, now)
    revokeDraftSession(key, revoked, now)
    expect(verifyDraftSession(key, revoked, now + 1000)).toBeNull()
    expect(verifyDraftSession(key, other, now + 1000)).not.toBeNull()
  })
})
