/**
 * The reader search page's query (ADR 0016), apart from its fetch so the archive benchmark
 * measures exactly what readers send. Standard GROQ: the hosted Content Lake answers it too.
 */
import { defineQuery } from 'next-sanity'
import { z } from 'zod'
import { ARTICLE_CARD_PROJECTION, articleCardResult } from './models/article-card'

/**
 * One page of results plus one more (to know whether a next page exists without counting every
 * match): a headline match weighs three times a body match; equal scores, newest first.
 */
export const searchQuery = defineQuery(`*[_type == "article" && defined(slug.current) && (headline match $q || pt::text(body) match $q)]
  | score(boost(headline match $q, 3), pt::text(body) match $q)
  | order(_score desc, publishedAt desc, _id asc)[$start...$end]{
    ${ARTICLE_CARD_PROJECTION},
    "text": pt::text(body)
  }`)

export const searchResultModel = articleCardResult.extend({ text: z.string() })
export const searchModel = z.array(searchResultModel)
