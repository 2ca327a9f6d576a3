/**
 * Cache tags for content fetches, and the tags a change to one document invalidates.
 * Every fetch in lib/content is tagged with what it depends on; the publish webhook calls
 * `revalidateTag()` for each of `tagsForDocument(changedDoc)`.
 *
 * Scheme:
 * - `type:<_type>`            any document of that type (lists, dereferenced types)
 * - `<_type>:<_id>`           one document (e.g. `article:article-erdogan-putin-moscow-talks`)
 * - `article-slug:<slug>`     the article at that slug (known before its id is)
 * - `siteSettings`            the singleton
 */
export const SITE_SETTINGS_TAG = 'siteSettings'

export const typeTag = (type: string) => `type:${type}`
export const documentTag = (type: string, id: string) => `${type}:${stripDraftPrefix(id)}`
export const articleSlugTag = (slug: string) => `article-slug:${slug}`

function stripDraftPrefix(id: string): string {
  return id.replace(/^(drafts|versions\.[^.]+)\./, '')
}

/** Every tag to revalidate when `doc` is created, changed, published or deleted. */
export function tagsForDocument(doc: { _id: string; _type: string; slug?: { current?: string } | null }): string[] {
  const tags = [typeTag(doc._type), documentTag(doc._type, doc._id)]
  if (doc._type === 'article' && doc.slug?.current) tags.push(articleSlugTag(doc.slug.current))
  if (doc._type === 'siteSettings') tags.push(SITE_SETTINGS_TAG)
  return tags
}
