/**
 * What the distribution endpoints list (Google News sitemap, RSS feed; the sitemap index and its
 * children are in sitemaps.ts): GROQ queries beside their zod
 * models, each fetch tagged so a publish webhook revalidates the endpoint (`type:article` etc.,
 * see tags.ts and revalidation.ts). URLs here are site paths; the routes make them absolute.
 */
import { ARTICLE_STORY_PROJECTION } from './models/article-projection'
import { defineQuery } from 'next-sanity'
import { z } from 'zod'
import type { ArticleView } from './view-models'
import { toArticleView } from './article'
import { fetchContent } from './fetch'
import { TEXT_LIMITS } from '../content-rules'
import { documentId, isoDateTime, isValidArticleSlug, requiredDisplayText, slugString } from './models/primitives'
import { articleHref } from './map'
import { parseEach } from './parse'
import { SITE_SETTINGS_TAG, typeTag } from './tags'

/** Google News: only the last two days, at most 1,000 entries. */
const DAY_MS = 24 * 60 * 60 * 1000
export const NEWS_WINDOW_MS = 2 * DAY_MS
export const NEWS_SITEMAP_LIMIT = 1000
export const FEED_ITEM_LIMIT = 50

export const DISTRIBUTION_TAGS = [typeTag('article'), typeTag('section'), typeTag('agency'), typeTag('siteSettings'), SITE_SETTINGS_TAG]

/** One `<url>` of a sitemap: a site path and when it last changed (ISO 8601), if known. */
export type SitemapEntry = { path: string; lastModified: string | null }

// ---------------------------------------------------------------------------------------------
// Google News sitemap

/**
 * `publishedAt >= $notBefore` (a day before `$since`, compared as strings) only narrows: a content
 * lake reads the recent end of its `publishedAt` index instead of walking the whole archive when
 * nothing was published in the window (at 100,000 stories that walk timed out). A day covers any
 * UTC offset a datetime string can carry, so `dateTime()` still decides exactly as before.
 */
export const newsSitemapQuery = defineQuery(`*[_type == "article" && defined(slug.current) && publishedAt >= $notBefore && dateTime(publishedAt) >= dateTime($since)] | order(publishedAt desc)[0...$limit]{
  _id, "slug": slug.current, headline, publishedAt
}`)

const newsArticleResult = z.object({
  _id: documentId,
  slug: slugString(),
  headline: requiredDisplayText(TEXT_LIMITS.article.headline, 'a headline'),
  publishedAt: isoDateTime,
})

export type NewsSitemapEntry = { path: string; title: string; publishedAt: string }

/** Articles published in the two days up to `now` (none published later), newest first. */
export async function getNewsSitemapEntries(now: Date): Promise<NewsSitemapEntry[]> {
  const since = new Date(now.getTime() - NEWS_WINDOW_MS).toISOString()
  const notBefore = new Date(now.getTime() - NEWS_WINDOW_MS - DAY_MS).toISOString()
  const raw = await fetchContent(newsSitemapQuery, { since, notBefore, limit: NEWS_SITEMAP_LIMIT }, DISTRIBUTION_TAGS)
  return toNewsSitemapEntries(raw, now)
}

export function toNewsSitemapEntries(raw: unknown, now: Date): NewsSitemapEntry[] {
  if (!Array.isArray(raw)) throw new Error('news sitemap: the content service answered with an unexpected shape')
  const from = now.getTime() - NEWS_WINDOW_MS
  return parseEach(newsArticleResult, raw, { query: 'newsSitemap', id: 'list', path: [], outcome: 'article left out' })
    .filter((a) => isValidArticleSlug(a.slug))
    .filter((a) => Date.parse(a.publishedAt) >= from && Date.parse(a.publishedAt) <= now.getTime())
    .map((a) => ({ path: articleHref(a.slug), title: a.headline.trim(), publishedAt: a.publishedAt }))
}

// ---------------------------------------------------------------------------------------------
// RSS feed

/** The latest articles with their full text, parsed by the article page's own rules. */
export const feedQuery = defineQuery(`*[_type == "article" && defined(slug.current)] | order(publishedAt desc)[0...$limit]{
  ${ARTICLE_STORY_PROJECTION},
  tags
}`)

/** The feed's stories, newest first; a story that cannot be shown is left out (and logged). */
export async function getFeedArticles(limit = FEED_ITEM_LIMIT): Promise<ArticleView[]> {
  const raw = await fetchContent(feedQuery, { limit }, DISTRIBUTION_TAGS)
  if (!Array.isArray(raw)) throw new Error('feed: the content service answered with an unexpected shape')
  return raw.flatMap((item) => {
    const slug = (item as { slug?: unknown } | null)?.slug
    const article = toArticleView(item, typeof slug === 'string' ? slug : undefined)
    return article ? [article] : []
  })
}
