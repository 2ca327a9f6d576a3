/**
 * What a publish webhook asks the site to revalidate. The body is the projection of Sanity's
 * GROQ-powered webhook (and of the embedded lake's, which sends the same shape):
 *   {_id, _type, "slug": slug.current, "previousSlug": before().slug.current, "operation": delta::operation()}
 * validated here like every other response, then mapped to cache tags with `tagsForDocument`.
 */
import { z } from 'zod'
import { SITE_SETTINGS_TAG, articleSlugTag, tagsForDocument, typeTag } from './tags'

/** The projection to configure on a Sanity webhook (README) and the one the lake sends. */
export const WEBHOOK_PROJECTION = '{_id, _type, "slug": slug.current, "previousSlug": before().slug.current, "operation": delta::operation()}'

const slugValue = z.union([z.string().max(200), z.null()]).optional()

export const webhookBodyModel = z.strictObject({
  _id: z.string().min(1).max(200),
  _type: z.string().min(1).max(100),
  slug: slugValue,
  previousSlug: slugValue,
  operation: z.enum(['create', 'update', 'delete']).nullish(),
})

export type WebhookBody = z.infer<typeof webhookBodyModel>

/** Draft and version ids never reach readers: a webhook about one revalidates nothing. */
export function isPublishedId(id: string): boolean {
  return !id.includes('.')
}

/** Every tag the change touches: the document, its type's lists, its old and new slug. */
export function tagsForWebhook(body: WebhookBody): string[] {
  if (!isPublishedId(body._id)) return []
  const tags = new Set(tagsForDocument({ _id: body._id, _type: body._type, slug: body.slug ? { current: body.slug } : null }))
  if (body._type === 'article' && body.previousSlug) tags.add(articleSlugTag(body.previousSlug))
  return [...tags]
}

/**
 * How a publish revalidates each tag. The changed document's own tags (its id, its old and new
 * slug) expire at once: its page is rendered afresh for the next reader (within a second of the
 * publish). Broader tags (its type's lists, site settings) go stale: the next request for a page
 * that merely lists or relates the document is answered from the cache while the page re-renders
 * in the background, so such pages never go without a version — during an outage they keep their
 * last good content instead of failing (issue 10).
 */
export function expiresAtOnce(tag: string): boolean {
  return tag !== SITE_SETTINGS_TAG && !tag.startsWith(typeTag(''))
}

/** How long a broader tag's pages may still be served stale: the `expire` of Next's `max` profile, a year. */
export const STALE_TAG_EXPIRE_SECONDS = 365 * 24 * 60 * 60

/**
 * The `revalidateTag` profile of a tag (see `expiresAtOnce`): expired at once, or stale now and
 * expired a year on. The webhook keeps exactly these times on disk too (durable-revalidation.ts).
 */
export function revalidationProfile(tag: string): { expire: number } {
  return { expire: expiresAtOnce(tag) ? 0 : STALE_TAG_EXPIRE_SECONDS }
}
