/**
 * Presentation's "share preview access" secret (`sanity-preview-url-secret.share-access`) is
 * accepted by @sanity/preview-url-secret for as long as it exists, while ordinary preview secrets
 * expire after an hour. The site refuses a share-access secret not renewed (`_updatedAt`) within
 * SHARE_ACCESS_TTL_MS: sharing again in Studio renews it.
 */
import type { SanityClient } from '@sanity/client'

export const SHARE_ACCESS_TTL_MS = 24 * 60 * 60 * 1000
const SHARE_ACCESS_ID = 'sanity-preview-url-secret.share-access'

/** True when `secret` is the share-access secret and it is older than SHARE_ACCESS_TTL_MS. */
export async function isExpiredShareAccessSecret(client: SanityClient, secret: string | null, now = Date.now()): Promise<boolean> {
  if (!secret) return false
  const updatedAt = await client
    .withConfig({ perspective: 'raw', useCdn: false })
    .fetch<string | null>(`*[_id == $id && secret == $secret][0]._updatedAt`, { id: SHARE_ACCESS_ID, secret }, { cache: 'no-store' })
  if (typeof updatedAt !== 'string') return false
  const at = Date.parse(updatedAt)
  return !Number.isFinite(at) || now - at > SHARE_ACCESS_TTL_MS
}
