import { stegaClean, type FilterDefault, type StegaConfig } from '@sanity/client/stega'

/**
 * Stega (draft mode only): @sanity/client hides each string's source — document, field — in
 * invisible characters, and `<VisualEditing />` turns such text into Presentation's click-to-edit
 * overlays. Only the story's display text is encoded: headline, dek, body text, and the caption
 * and credit of its figures. Everything else (dates, slugs, URLs, alt text, enums, ids) never is,
 * and values used anywhere but as visible text are cleaned (`stegaClean`) before use.
 */

/** Article paths whose text is shown as text; `*` is any array item. */
const EDITABLE_ARTICLE_PATHS: readonly (readonly string[])[] = [
  ['headline'],
  ['dek'],
  ['leadFigure', 'caption'],
  ['leadFigure', 'credit'],
  ['body', '*', 'children', '*', 'text'],
  ['body', '*', 'caption'],
  ['body', '*', 'credit'],
]

function matches(path: readonly unknown[], pattern: readonly string[]): boolean {
  if (path.length !== pattern.length) return false
  return pattern.every((segment, i) => (segment === '*' ? typeof path[i] !== 'string' : path[i] === segment))
}

/** The filter for @sanity/client: encode an article's display text only (and never URL- or date-like values). */
export const encodeDisplayTextOnly: FilterDefault = (props) => {
  if (props.sourceDocument._type !== 'article') return false
  if (!EDITABLE_ARTICLE_PATHS.some((pattern) => matches(props.sourcePath, pattern))) return false
  return props.filterDefault(props)
}

/** The stega options a draft-mode fetch of the article uses (Studio is served by this site at /studio). */
export const DRAFT_STEGA: StegaConfig = { enabled: true, studioUrl: '/studio', filter: encodeDisplayTextOnly }

/** The invisible suffix stega appended to `value`, or '' (stega is always appended after the text). */
export function stegaSuffix(value: unknown): string {
  if (typeof value !== 'string') return ''
  const clean = stegaClean(value)
  return clean.length < value.length && value.startsWith(clean) ? value.slice(clean.length) : ''
}

export { stegaClean }
