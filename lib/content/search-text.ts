/**
 * Reader search input (`/search?q=…&page=…`): what is accepted, and the GROQ `match` pattern it
 * becomes. Search text is user input that reaches the content service, so it is bounded before any
 * query: at most `maxChars` characters and `maxTerms` words, no wildcards, and at most `maxPage`
 * pages of results (ADR 0016). The front door answers 400 for bad input (with the page's message);
 * the page shows the same message. The pattern always travels as a GROQ parameter (`$q`).
 *
 * Words are split as GROQ's `match` splits text into tokens (groq-js: runs of characters other
 * than white space and `!@#$%^&*(),\/?";:{}|[]+<>-`), so a word of the pattern is one token: each
 * must appear in the headline, or each in the body (whole words, any case).
 */
import { parsePageNumber } from './pagination'

export const SEARCH_PATH = '/search'

export const SEARCH_LIMITS = {
  /** Characters of search text (after trimming). */
  maxChars: 200,
  /** Words of search text. */
  maxTerms: 8,
  /** Results per page. */
  pageSize: 10,
  /** Pages of results a reader can ask for (the 100 best matches). */
  maxPage: 10,
} as const

/** GROQ's token separators (groq-js `match`), plus `*`: readers' wildcards are not passed on. */
const SEPARATORS = /[\s!@#$%^&*(),\\/?";:{}|[\]+<>-]+/u
/** Control and format characters, dropped before anything else. */
const INVISIBLE = /[\p{Cc}\p{Cf}]/gu
const HAS_LETTER_OR_DIGIT = /[\p{L}\p{N}]/u

export type SearchRequest =
  /** No search text: the form alone. */
  | { kind: 'empty' }
  | { kind: 'search'; text: string; terms: string[]; pattern: string; page: number }
  /** Bad input: answered 400 with this message (and the form with the reader's text). */
  | { kind: 'invalid'; text: string; message: string }

/** The first value of a query parameter as Next hands it to a page (string, array or absent). */
export function firstValue(value: string | string[] | undefined | null): string | undefined {
  if (Array.isArray(value)) return value[0]
  return value ?? undefined
}

/** The words of `text` as GROQ tokenizes them, each with a letter or digit, duplicates (any case) dropped. */
export function searchTerms(text: string): string[] {
  const seen = new Set<string>()
  const terms: string[] = []
  for (const raw of text.split(SEPARATORS)) {
    // GROQ drops dots at the edges of a word ("Moscow." is "moscow").
    const term = raw.replace(/^\.+|\.+$/g, '')
    if (!term || !HAS_LETTER_OR_DIGIT.test(term)) continue
    const key = term.toLocaleLowerCase('en')
    if (seen.has(key)) continue
    seen.add(key)
    terms.push(term)
  }
  return terms
}

/** The reader's search from the query parameters `q` and `page`. */
export function parseSearchRequest(params: { q?: string | string[] | null; page?: string | string[] | null }): SearchRequest {
  const text = (firstValue(params.q) ?? '').replace(INVISIBLE, '').trim()
  const rawPage = firstValue(params.page)
  if ([...text].length > SEARCH_LIMITS.maxChars) {
    return { kind: 'invalid', text: [...text].slice(0, SEARCH_LIMITS.maxChars).join(''), message: `Search text can be at most ${SEARCH_LIMITS.maxChars} characters long. Please shorten it.` }
  }
  const terms = searchTerms(text)
  if (terms.length > SEARCH_LIMITS.maxTerms) {
    return { kind: 'invalid', text, message: `Search for at most ${SEARCH_LIMITS.maxTerms} words at a time (you typed ${terms.length}).` }
  }
  let page = 1
  if (rawPage !== undefined) {
    const parsed = parsePageNumber(rawPage)
    if (parsed === null) return { kind: 'invalid', text, message: 'The page number in the address is not a number from 1 up. Start again from the first page.' }
    if (parsed > SEARCH_LIMITS.maxPage) {
      return { kind: 'invalid', text, message: `Only the first ${SEARCH_LIMITS.maxPage} pages of results are shown. Add words to narrow your search.` }
    }
    page = parsed
  }
  if (terms.length === 0) {
    if (text) return { kind: 'invalid', text, message: 'Type at least one word with a letter or a digit.' }
    return page === 1 ? { kind: 'empty' } : { kind: 'invalid', text, message: 'There is nothing to search for: type some words first.' }
  }
  return { kind: 'search', text, terms, pattern: terms.join(' '), page }
}

/** The URL of a search's page (page 1 has no `page` parameter). */
export function searchHref(text: string, page = 1): string {
  const params = new URLSearchParams({ q: text })
  if (page > 1) params.set('page', String(page))
  return `${SEARCH_PATH}?${params.toString()}`
}
