/**
 * GROQ `match` as groq-js 1.30 implements it (src/shared/matching.ts, src/evaluator/scoring.ts),
 * and the encoding that lets SQLite FTS5 find a superset of its matches.
 *
 * groq-js: the text has its "edge" dots removed (`\b\.+` and `\.+\b`), then its tokens are the runs
 * of characters other than `!@#$%^&*(),\/?";:{}|[]+<>-` and whitespace. The pattern is cut the same
 * way except that `*` stays inside terms; each term (first 1024 UTF-16 units) becomes the regular
 * expression `^term$` with `*` as `.*`, case-insensitive without the `u` flag. `.` is left as the
 * regex's any-one-unit. A text matches when every term matches at least one of its tokens.
 *
 * FTS5 (ascii tokenizer) only needs to see equal tokens as equal and prefixes as prefixes:
 * - case: both sides go through the regex engine's own case canonicalisation (ES `Canonicalize`
 *   for non-unicode, ignoreCase: a UTF-16 unit becomes its `toUpperCase()` when that is one unit,
 *   and a non-ASCII unit never becomes ASCII), so `^term$`/i matching a token implies the two
 *   canonical strings are equal unit by unit;
 * - characters: the ascii tokenizer keeps every non-ASCII character inside a token and splits on
 *   ASCII other than letters and digits, so ASCII punctuation a GROQ token may hold (`.'=_~\``, and
 *   control characters) is written as a private-use character (U+E000 + its code), and every token
 *   is one FTS5 token;
 * - a term is looked up by its literal start (up to the first `*` or `.`): exactly when it has no
 *   wildcard, as an FTS5 prefix query otherwise; a term starting with a wildcard narrows nothing.
 * Surrogates and very long tokens are cut (see `INDEXED_TOKEN_UNITS`), and private-use characters
 * U+E000-U+E1FF of the text are folded into one, which only widens a lookup.
 */

const CHARS = /([^!@#$%^&*(),\\/?";:{}|[\]+<>\s-])+/g
const CHARS_WITH_WILDCARD = /([^!@#$%^&(),\\/?";:{}|[\]+<>\s-])+/g
const EDGE_CHARS = /(\b\.+|\.+\b)/g
const MAX_TERM_LENGTH = 1024

/** Tokens longer than this many UTF-16 units are indexed by their start (queries then use a prefix). */
export const INDEXED_TOKEN_UNITS = 64

/** groq-js' tokens of a text. */
export function matchTokensOf(text: string): string[] {
  return text.replace(EDGE_CHARS, '').match(CHARS) ?? []
}

/** groq-js' terms of a pattern (each already cut to 1024 units, as groq-js cuts it). */
export function patternTermsOf(pattern: string): string[] {
  return (pattern.replace(EDGE_CHARS, '').match(CHARS_WITH_WILDCARD) ?? []).map((term) => term.slice(0, MAX_TERM_LENGTH))
}

let canonicalTable: Uint16Array | null = null

/** ES `Canonicalize(ch)` for a case-insensitive, non-unicode regular expression, for every unit. */
function canonicalUnits(): Uint16Array {
  if (canonicalTable) return canonicalTable
  const table = new Uint16Array(65536)
  for (let unit = 0; unit < 65536; unit++) {
    const upper = String.fromCharCode(unit).toUpperCase()
    const code = upper.length === 1 ? upper.charCodeAt(0) : unit
    table[unit] = unit >= 128 && code < 128 ? unit : code
  }
  canonicalTable = table
  return table
}

const PRIVATE_USE_BASE = 0xe000
/** The private-use characters the index uses itself end here; text holding them is folded to this one. */
const RESERVED_END = 0xe1ff

function isAsciiLetterOrDigit(unit: number): boolean {
  return (unit >= 48 && unit <= 57) || (unit >= 65 && unit <= 90) || (unit >= 97 && unit <= 122)
}

/**
 * A GROQ token (or a term's literal start) as one ascii-tokenizer token: canonical case, ASCII
 * punctuation as private-use characters, unpaired surrogates as U+FFFD.
 */
export function encodeToken(token: string): string {
  const table = canonicalUnits()
  let out = ''
  for (let i = 0; i < token.length; i++) {
    const unit = token.charCodeAt(i)
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < token.length) {
      const next = token.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += token[i] + token[i + 1]
        i++
        continue
      }
    }
    if (unit >= 0xd800 && unit <= 0xdfff) out += '\uFFFD'
    else if (unit >= PRIVATE_USE_BASE && unit <= RESERVED_END) out += String.fromCharCode(RESERVED_END) // keeps U+E000-U+E1FE for the index's own marks
    else if (unit < 128 && !isAsciiLetterOrDigit(unit)) out += String.fromCharCode(PRIVATE_USE_BASE + unit)
    else out += String.fromCharCode(table[unit])
  }
  return out
}

/** A term as an index lookup: its encoded literal start, and whether that must be the whole token. */
export interface TermLookup {
  literal: string
  exact: boolean
}

/**
 * How FTS5 can find the tokens a term matches, or null when it cannot narrow (the term starts
 * with a wildcard). The literal stops at the first `*` or `.` (any unit) and at the first
 * surrogate (a `.` may stand for half a pair), and is cut to `INDEXED_TOKEN_UNITS`.
 */
export function termLookupOf(term: string): TermLookup | null {
  let end = 0
  while (end < term.length && end < INDEXED_TOKEN_UNITS) {
    const unit = term.charCodeAt(end)
    if (unit === 42 /* * */ || unit === 46 /* . */ || (unit >= 0xd800 && unit <= 0xdfff)) break
    end++
  }
  if (end === 0) return null
  return { literal: encodeToken(term.slice(0, end)), exact: end === term.length && end < INDEXED_TOKEN_UNITS }
}

/** The indexed form of a token (its start when long). */
export function indexedTokenOf(token: string): string {
  return encodeToken(token.length > INDEXED_TOKEN_UNITS ? token.slice(0, INDEXED_TOKEN_UNITS) : token)
}
