import { cache } from 'react'
import { defineQuery } from 'next-sanity'
import { z } from 'zod'
import type { BreakingNewsView } from './view-models'
import { fetchContent } from './fetch'
import { TEXT_LIMITS } from '../content-rules'
import { documentId, isoDateTime, requiredDisplayText, slugString } from './models/primitives'
import { articleHref } from './map'
import { idOf, logContentProblem, parseEach } from './parse'
import { typeTag } from './tags'

export const QUERY_NAME = 'breakingNews'

/**
 * The latest breaking items. Which one is live is decided at render time (not in GROQ with
 * `now()`), so a cached result still starts and ends banners on time when re-rendered.
 */
export const breakingNewsQuery = defineQuery(`*[_type == "breakingNews" && defined(activeFrom)] | order(activeFrom desc)[0...5]{
  _id,
  headline,
  activeFrom,
  activeUntil,
  "articleSlug": article->slug.current
}`)

export const breakingItemResult = z.object({
  _id: documentId,
  headline: requiredDisplayText(TEXT_LIMITS.breakingNews.headline, 'a headline'),
  activeFrom: isoDateTime,
  activeUntil: isoDateTime.nullable(),
  articleSlug: slugString().nullable(),
})
export const breakingNewsModel = z.array(breakingItemResult)

export const BREAKING_TAGS = [typeTag('breakingNews'), typeTag('article')]

/** The breaking item live at `now`, or null. A broken item is logged and skipped. */
export const getBreakingNews = cache(async (now: Date = new Date()): Promise<BreakingNewsView | null> => {
  const raw = await fetchContent(breakingNewsQuery, {}, BREAKING_TAGS)
  return toBreakingNewsView(raw, now)
})

export function toBreakingNewsView(raw: unknown, now: Date = new Date()): BreakingNewsView | null {
  const items = parseEach(breakingItemResult, raw, {
    query: QUERY_NAME,
    id: 'breakingNews',
    outcome: 'breaking item dropped',
    describe: (item) => idOf(item),
  })
  const t = now.getTime()
  const live = items.find((item) => {
    if (item.activeUntil && Date.parse(item.activeUntil) <= Date.parse(item.activeFrom)) {
      logContentProblem({ query: QUERY_NAME, id: item._id, outcome: 'breaking item dropped' }, [
        { path: 'activeUntil', message: 'ends before it starts' },
      ])
      return false
    }
    return Date.parse(item.activeFrom) <= t && (!item.activeUntil || Date.parse(item.activeUntil) > t)
  })
  if (!live) return null
  return {
    id: live._id,
    headline: live.headline.trim(),
    href: live.articleSlug ? articleHref(live.articleSlug) : null,
    activeFrom: live.activeFrom,
    activeUntil: live.activeUntil,
  }
}
