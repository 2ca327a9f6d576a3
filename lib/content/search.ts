/**
 * Reader search (ADR 0016): stories ranked by GROQ's `match` and `score()` — standard GROQ, so the
 * hosted Content Lake answers it as the embedded lake does. The reader's words arrive already
 * bounded (search-text.ts) and travel only as the parameter `$q`. Results are never stored in
 * Next's data cache (one entry per distinct search would let anyone fill it): the fetch is
 * `no-store`, and the page is rendered per request.
 */
import { z } from 'zod'
import type { SearchResultView } from './view-models'
import { fetchContent } from './fetch'
import { parseCards } from './map'
import { searchQuery } from './search-query'
import { parseEach } from './parse'
import { highlightTerms, searchSnippet } from './search-snippet'
import { SEARCH_LIMITS, searchHref } from './search-text'
import { typeTag } from './tags'

export const QUERY_NAME = 'search'

export type SearchPage = {
  results: SearchResultView[]
  page: number
  /** Links to the neighbouring pages of results (none past SEARCH_LIMITS.maxPage). */
  previous: string | null
  next: string | null
}

/** Page `page` of the results for `pattern` (the reader's words, bounded and joined by spaces). */
export async function searchStories({ text, terms, pattern, page }: { text: string; terms: string[]; pattern: string; page: number }): Promise<SearchPage> {
  const start = (page - 1) * SEARCH_LIMITS.pageSize
  const raw = await fetchContent(searchQuery, { q: pattern, start, end: start + SEARCH_LIMITS.pageSize + 1 }, [typeTag('article')], { store: false })
  if (!Array.isArray(raw)) throw new Error('search: the content service answered with an unexpected shape')
  const more = raw.length > SEARCH_LIMITS.pageSize
  const shown = raw.slice(0, SEARCH_LIMITS.pageSize)
  const where = { query: QUERY_NAME, id: 'results' }
  const cards = parseCards(shown, { ...where, path: [] })
  const texts = new Map(
    parseEach(z.object({ _id: z.string(), text: z.string().nullable() }), shown, { ...where, path: [], outcome: 'snippet left out' }).map((item) => [item._id, item.text ?? '']),
  )
  return {
    results: cards.map((card) => ({ card, headline: highlightTerms(card.headline, terms), snippet: searchSnippet(texts.get(card.id) ?? '', terms) })),
    page,
    previous: page > 1 ? searchHref(text, page - 1) : null,
    next: more && page < SEARCH_LIMITS.maxPage ? searchHref(text, page + 1) : null,
  }
}
