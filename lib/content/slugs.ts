import { defineQuery } from 'next-sanity'
import { z } from 'zod'
import { fetchContent } from './fetch'
import { isValidArticleSlug } from './models/primitives'
import { typeTag } from './tags'

export const QUERY_NAME = 'articleSlugs'

/** Pre-rendered at build time; any other slug renders on first request. */
export const STATIC_ARTICLE_LIMIT = 500

export const articleSlugsQuery = defineQuery(`*[_type == "article" && defined(slug.current)] | order(publishedAt desc)[0...$limit].slug.current`)

export const articleSlugsModel = z.array(z.string())

/** Slugs of the latest articles (invalid ones skipped, with one log line). */
export async function getArticleSlugs(limit = STATIC_ARTICLE_LIMIT): Promise<string[]> {
  const raw = await fetchContent(articleSlugsQuery, { limit }, [typeTag('article')])
  const parsed = articleSlugsModel.safeParse(raw)
  if (!parsed.success) {
    console.error(`[content] ${QUERY_NAME} (list): (root): expected an array of slugs (no article pre-rendered)`)
    return []
  }
  const slugs = parsed.data
  const bad = slugs.filter((slug) => !isValidArticleSlug(slug))
  if (bad.length) {
    console.error(`[content] ${QUERY_NAME} (list): slug: ${bad.map((s) => JSON.stringify(s)).join(', ')} not valid (skipped)`)
  }
  return [...new Set(slugs.filter(isValidArticleSlug))]
}
