/**
 * A stand-in for `next/headers` in tests that render in draft mode: draft mode is on only with
 * Next's flag AND our draft session cookie (lib/routing/draft-session.ts), as in a real request.
 * Use: `jest.mock('next/headers', () => require('../support/draft-headers').draftHeaders)`, then
 * `previewAs(token)` / `stopPreviewing()`.
 */
import { DRAFT_SESSION_COOKIE, draftSessionKey, issueDraftSession } from '@/lib/routing/draft-session'

const request = { draftMode: false, session: undefined as string | undefined }

export const draftHeaders = {
  draftMode: async () => ({ isEnabled: request.draftMode }),
  cookies: async () => ({
    get: (name: string) => (name === DRAFT_SESSION_COOKIE && request.session ? { name, value: request.session } : undefined),
  }),
}

/** Draft mode on, with a draft session signed by the key the site derives from `token`. */
export function previewAs(token: string) {
  request.draftMode = true
  request.session = issueDraftSession(draftSessionKey(token))
}

export function stopPreviewing() {
  request.draftMode = false
  request.session = undefined
}
