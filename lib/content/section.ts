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
 * A section, then — knowing its `_id` — how many stories it has and one page of them, newest
 * first. Three queries of one `*` each (a count and an ordered slice a content lake can answer from
 * its indexes; one query with nested `*` would count as costly in the embedded lake). Ties on
 * `publishedAt` are broken by `_id`, so consecutive pages never repeat or skip a story.
 */
export const sectionQuery = defineQuery(`*[_type == "section" && slug.current == $slug][0]{_id, title, "slug": slug.current, description}`)
export const sectionStoryCountQuery = defineQuery(`count(*[_type == "article" && defined(slug.current) && section._ref == $id])`)
export const sectionStoriesQuery = defineQuery(`*[_type == "article" && defined(slug.current) && section._ref == $id] | order(publishedAt desc, _id asc)[$from...$to]{${ARTICLE_CARD_PROJECTION}}`)

export const sectionResult = z.object({
  _id: documentId,
  title: requiredDisplayText(TEXT_LIMITS.section.title, 'a title'),
  slug: slugString(60),
  description: optionalDisplayText({}, { multiline: true }),
})
export const sectionModel = sectionResult.nullable()
export const sectionStoryCountModel = z.number().int().nonnegative()
export const sectionStoriesModel = z.array(articleCardResult)

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
  const raw = await fetchContent(sectionQuery, { slug }, SECTION_TAGS)
  if (raw === null || raw === undefined) return null
  const id = typeof (raw as { _id?: unknown })._id === 'string' ? (raw as { _id: string })._id : `slug:${slug}`
  const section = parseOrLog(sectionResult, raw, { query: QUERY_NAME, id, outcome: 'section not shown' })
  if (!section) return null
  const [total, stories] = await Promise.all([
    fetchContent(sectionStoryCountQuery, { id: section._id }, SECTION_TAGS),
    fetchContent(sectionStoriesQuery, { id: section._id, ...pageSlice(page, SECTION_PAGE_SIZE) }, SECTION_TAGS),
  ])
  const count = sectionStoryCountModel.safeParse(total)
  if (!count.success) throw new Error(`${QUERY_NAME}: the content service answered the story count with an unexpected shape`)
  return {
    id: section._id,
    title: section.title.trim(),
    href: sectionHref(section.slug),
    description: section.description?.trim() || null,
    total: count.data,
    stories: parseCards(stories, { query: QUERY_NAME, id: section._id, path: ['stories'] }),
    pages: pageLinks(sectionHref(section.slug), page, pageCount(count.data, SECTION_PAGE_SIZE)),
  }
}
