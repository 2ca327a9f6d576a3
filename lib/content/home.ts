import { defineQuery } from 'next-sanity'
import { z } from 'zod'
import type { ArticleCardView } from './view-models'
import { fetchContent } from './fetch'
import { ARTICLE_CARD_PROJECTION, articleCardResult } from './models/article-card'
import { parseCards } from './map'
import { typeTag } from './tags'

export const QUERY_NAME = 'homeStories'

export const HOME_STORY_COUNT = 20

/** The latest stories, newest first, and whether each is flagged breaking (to pick the lead). */
export const homeStoriesQuery = defineQuery(`*[_type == "article" && defined(slug.current)] | order(publishedAt desc)[0...$limit]{
  ${ARTICLE_CARD_PROJECTION},
  breaking
}`)

export const homeStoryResult = articleCardResult.extend({ breaking: z.boolean().nullable() })
export const homeStoriesModel = z.array(homeStoryResult)

export const HOME_TAGS = [typeTag('article')]

export type HomeData = { lead: ArticleCardView | null; stories: ArticleCardView[] }

/** The home page's stories: the lead (the newest breaking story, else the newest) and the rest. */
export async function getHomeStories(limit = HOME_STORY_COUNT): Promise<HomeData> {
  const raw = await fetchContent(homeStoriesQuery, { limit }, HOME_TAGS)
  return toHomeData(raw)
}

export function toHomeData(raw: unknown): HomeData {
  const cards = parseCards(raw, { query: QUERY_NAME, id: 'latest', path: [] })
  const breakingIds = new Set(
    (Array.isArray(raw) ? raw : [])
      .filter((item) => (item as { breaking?: unknown } | null)?.breaking === true)
      .map((item) => (item as { _id?: unknown })._id),
  )
  const lead = cards.find((card) => breakingIds.has(card.id)) ?? cards[0] ?? null
  return { lead, stories: cards.filter((card) => card !== lead) }
}
