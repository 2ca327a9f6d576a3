import { defineQuery } from 'next-sanity'
import { z } from 'zod'
import type { ArticleCardView } from './view-models'
import { fetchContent } from './fetch'
import { ARTICLE_CARD_PROJECTION, articleCardResult } from './models/article-card'
import { TEXT_LIMITS } from '../content-rules'
import { SLUG_PATTERN, documentId, optionalDisplayText, requiredDisplayText, slugString } from './models/primitives'
import { parseCards, sectionHref } from './map'
import { parseOrLog } from './parse'
import { typeTag } from './tags'

export const QUERY_NAME = 'sectionBySlug'

export const SECTION_STORY_COUNT = 30

/** A section and its latest stories. */
export const sectionBySlugQuery = defineQuery(`*[_type == "section" && slug.current == $slug][0]{
  _id,
  title,
  "slug": slug.current,
  description,
  "stories": *[_type == "article" && defined(slug.current) && section._ref == ^._id] | order(publishedAt desc)[0...$limit]{${ARTICLE_CARD_PROJECTION}}
}`)

export const sectionPageResult = z.object({
  _id: documentId,
  title: requiredDisplayText(TEXT_LIMITS.section.title, 'a title'),
  slug: slugString(60),
  description: optionalDisplayText({}, { multiline: true }),
  stories: z.array(articleCardResult),
})
export const sectionBySlugModel = sectionPageResult.nullable()

export type SectionPageData = {
  id: string
  title: string
  href: string
  description: string | null
  stories: ArticleCardView[]
}

/** The section at `slug` with its latest stories; null when there is none (or it is broken). */
export async function getSectionBySlug(slug: string): Promise<SectionPageData | null> {
  if (typeof slug !== 'string' || slug.length > 60 || !SLUG_PATTERN.test(slug)) return null
  const raw = await fetchContent(sectionBySlugQuery, { slug, limit: SECTION_STORY_COUNT }, [typeTag('section'), typeTag('article')])
  if (raw === null || raw === undefined) return null
  const id = typeof (raw as { _id?: unknown })._id === 'string' ? (raw as { _id: string })._id : `slug:${slug}`
  const core = parseOrLog(sectionPageResult.extend({ stories: z.unknown() }), raw, { query: QUERY_NAME, id, outcome: 'section not shown' })
  if (!core) return null
  return {
    id: core._id,
    title: core.title.trim(),
    href: sectionHref(core.slug),
    description: core.description?.trim() || null,
    stories: parseCards(core.stories, { query: QUERY_NAME, id: core._id, path: ['stories'] }),
  }
}
