import { defineQuery } from 'next-sanity'
import { z } from 'zod'
import type { ArticleCardView } from './view-models'
import { fetchContent } from './fetch'
import { ARTICLE_CARD_PROJECTION, articleCardResult } from './models/article-card'
import { TEXT_LIMITS } from '../content-rules'
import { SLUG_PATTERN, documentId, optionalDisplayText, requiredDisplayText, slugString } from './models/primitives'
import { parseCards, sectionHref } from './map'
import { pageCount, pageLinks, pageSlice, SECTION_PAGE_SIZE, type PageLinks } from './pagination'
import { parseOrLog } from './parse'
import { typeTag } from './tags'

export const QUERY_NAME = 'sectionPage'

export const SECTION_TAGS = [typeTag('section'), typeTag('article')]

/**
 * A section, how many stories it has, and one page of them, newest first. Ties on `publishedAt`
 * are broken by `_id`, so consecutive pages never repeat or skip a story.
 */
export const sectionPageQuery = defineQuery(`*[_type == "section" && slug.current == $slug][0]{
  _id,
  title,
  "slug": slug.current,
  description,
  "total": count(*[_type == "article" && defined(slug.current) && section._ref == ^._id]),
  "stories": *[_type == "article" && defined(slug.current) && section._ref == ^._id] | order(publishedAt desc, _id asc)[$from...$to]{${ARTICLE_CARD_PROJECTION}}
}`)

export const sectionPageResult = z.object({
  _id: documentId,
  title: requiredDisplayText(TEXT_LIMITS.section.title, 'a title'),
  slug: slugString(60),
  description: optionalDisplayText({}, { multiline: true }),
  total: z.number().int().nonnegative(),
  stories: z.array(articleCardResult),
})
export const sectionPageModel = sectionPageResult.nullable()

export type SectionPageData = {
  id: string
  title: string
  href: string
  description: string | null
  /** Stories in the section. */
  total: number
  stories: ArticleCardView[]
  /** This page and its neighbours (`page` may be past `pageCount`: the page does not exist). */
  pages: PageLinks
}

/**
 * Page `page` of the section at `slug`: the section and that page's stories; null when there is
 * no such section (or it is broken). A page past the last one comes back with no stories.
 */
export async function getSectionPage(slug: string, page = 1): Promise<SectionPageData | null> {
  if (typeof slug !== 'string' || slug.length > 60 || !SLUG_PATTERN.test(slug)) return null
  if (!Number.isSafeInteger(page) || page < 1) return null
  const raw = await fetchContent(sectionPageQuery, { slug, ...pageSlice(page, SECTION_PAGE_SIZE) }, SECTION_TAGS)
  if (raw === null || raw === undefined) return null
  const id = typeof (raw as { _id?: unknown })._id === 'string' ? (raw as { _id: string })._id : `slug:${slug}`
  const core = parseOrLog(sectionPageResult.extend({ stories: z.unknown() }), raw, { query: QUERY_NAME, id, outcome: 'section not shown' })
  if (!core) return null
  return {
    id: core._id,
    title: core.title.trim(),
    href: sectionHref(core.slug),
    description: core.description?.trim() || null,
    total: core.total,
    stories: parseCards(core.stories, { query: QUERY_NAME, id: core._id, path: ['stories'] }),
    pages: pageLinks(sectionHref(core.slug), page, pageCount(core.total, SECTION_PAGE_SIZE)),
  }
}
