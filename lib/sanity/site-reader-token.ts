/**
 * The site reader credential the site's server sends with its reads of published content from the
 * embedded lake (lib/lake/site-reader.ts): derived from the server's token, it gives the site's own
 * queries and image requests a share of the lake's workers of their own, apart from every other
 * local anonymous client (issue 18). It grants nothing beyond anonymous access: a query carrying
 * it still sees published content only. Undefined with a real Sanity project (readers' queries go
 * to Sanity's CDN without a credential) or while there is no token.
 *
 * No `server-only` import: the front door (published slugs, notice regions) runs in the site's
 * server outside Next, where that import throws. Like draft-session-key.ts, this module hands out
 * only a derived value, never the token; nothing in components/ may import it (lint boundaries).
 */
import { siteReaderTokenFor } from '../lake/site-reader'
import { serverTokenFor } from './lake-token'
import { readSettings } from './settings'

const derived = new Map<string, string>()

export function siteReaderToken(): string | undefined {
  const settings = readSettings()
  if (settings.sanity.backend !== 'lake') return undefined
  const key = `${settings.sanity.token ?? ''}\u0000${settings.lake.dataDir}`
  const known = derived.get(key)
  if (known) return known
  const token = serverTokenFor(settings)
  if (!token) return undefined
  const reader = siteReaderTokenFor(token)
  derived.set(key, reader)
  return reader
}
