import { FIGURE_PROJECTION } from './image'
import { BODY_PROJECTION } from './portable-text'

/**
 * The story itself as the article page and the RSS feed read it (one projection, so the feed's
 * full text is parsed by exactly the article page's rules).
 */
export const ARTICLE_STORY_PROJECTION = `_id,
  headline,
  "slug": slug.current,
  kicker,
  dek,
  publishedAt,
  updatedAt,
  breaking,
  "section": section->{_id, title, "slug": slug.current},
  leadFigure{${FIGURE_PROJECTION}},
  body[]{${BODY_PROJECTION}},
  attribution{label, text, "agencies": agencies[]->{_id, name, shortName, url}}`
