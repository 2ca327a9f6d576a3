/**
 * What a publish webhook asks the site to revalidate. The body is the projection of Sanity's
 * GROQ-powered webhook (and of the embedded lake's, which sends the same shape):
 *   {_id, _type, "slug": slug.current, "previousSlug": before().slug.current, "operation": delta::operation()}
 * validated here like every other response, then mapped to cache tags with `tagsForDocument`.
 */
import { z } from 'zod'
import { articleSlugTag, tagsForDocument } from './tags'

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
