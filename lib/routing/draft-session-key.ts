/**
 * The key draft-mode sessions are signed with (lib/routing/draft-session.ts): from
 * DRAFT_SESSION_SECRET when set, else derived from the server's API token (SANITY_API_TOKEN, or
 * the lake's generated token), which only the server can read. Null when there is neither: then
 * no session is valid, and draft mode is off (it needs the token anyway). No `server-only` import:
 * the front door runs in the site's server outside Next, where that import throws; the module
 * hands out only a derived key, never the token.
 */
import { serverTokenFor } from '@/lib/sanity/lake-token'
import { readSettings } from '@/lib/sanity/settings'
import { draftSessionKey } from './draft-session'

export function currentDraftSessionKey(): Buffer | null {
  const secret = process.env.DRAFT_SESSION_SECRET?.trim() || serverTokenFor(readSettings())
  return secret ? draftSessionKey(secret) : null
}
