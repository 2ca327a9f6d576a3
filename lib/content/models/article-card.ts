import { z } from 'zod'
import { FIGURE_PROJECTION, figureResult } from './image'
import { TEXT_LIMITS } from '../../content-rules'
import { documentId, isoDateTime, optionalDisplayText, requiredDisplayText, slugString } from './primitives'

/**
 * A story in a list (home page, related stories). The thumbnail is parsed separately by the
 * mapper so that a broken picture costs the card its picture, not its place.
 */
export const ARTICLE_CARD_PROJECTION = `_id, headline, "slug": slug.current, dek, kicker, publishedAt, updatedAt, "thumbnail": leadFigure{${FIGURE_PROJECTION}}`

export const articleCardResult = z.object({
  _id: documentId,
  headline: requiredDisplayText(TEXT_LIMITS.article.headline, 'a headline'),
  slug: slugString(),
  dek: optionalDisplayText(TEXT_LIMITS.article.dek),
  kicker: optionalDisplayText(TEXT_LIMITS.article.kicker),
  publishedAt: isoDateTime,
  updatedAt: isoDateTime.nullable(),
  thumbnail: figureResult.nullable(),
})

/** The card without its picture: what must hold for the card to be shown at all. */
export const articleCardCore = articleCardResult.extend({ thumbnail: z.unknown() })
