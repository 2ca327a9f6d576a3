/**
 * The words a search matched, for readers to see: a headline split into plain and matched parts,
 * and a snippet of the body around the first match. Words are found as GROQ's `match` finds them
 * (the same tokens as search-text.ts), so what is marked is what made the story a result.
 * Components render the parts as text and `<mark>`: nothing here is HTML.
 */
import type { TextPart } from './view-models'

/** groq-js `match` tokens: runs of anything but white space and these separators. */
const TOKEN = /[^\s!@#$%^&*(),\\/?";:{}|[\]+<>-]+/gu

export const SNIPPET_CHARS = 240
/** How much text comes before the first match in a snippet, at most. */
const LEAD_CHARS = 70

type Token = { start: number; end: number; match: boolean }

function tokens(text: string, terms: ReadonlySet<string>): Token[] {
  const found: Token[] = []
  for (const hit of text.matchAll(TOKEN)) {
    // Edge dots are not part of the word ("Moscow." matches "moscow"); they stay unmarked.
    const raw = hit[0]
    const lead = raw.length - raw.replace(/^\.+/, '').length
    const core = raw.slice(lead).replace(/\.+$/, '')
    if (!core) continue
    const start = (hit.index ?? 0) + lead
    found.push({ start, end: start + core.length, match: terms.has(core.toLocaleLowerCase('en')) })
  }
  return found
}

const termSet = (terms: readonly string[]) => new Set(terms.map((term) => term.toLocaleLowerCase('en')))

/** `text[from, to)` as parts, each matched word its own part. */
function split(text: string, from: number, to: number, matched: readonly Token[]): TextPart[] {
  const parts: TextPart[] = []
  let at = from
  for (const token of matched) {
    if (token.end <= from || token.start >= to) continue
    if (token.start > at) parts.push({ text: text.slice(at, token.start), match: false })
    parts.push({ text: text.slice(Math.max(token.start, at), Math.min(token.end, to)), match: true })
    at = Math.min(token.end, to)
  }
  if (at < to) parts.push({ text: text.slice(at, to), match: false })
  return parts
}

/** The whole of `text`, its words among `terms` marked. */
export function highlightTerms(text: string, terms: readonly string[]): TextPart[] {
  return split(text, 0, text.length, tokens(text, termSet(terms)).filter((token) => token.match))
}

/**
 * About `maxChars` of `text` around its first matched word, cut at spaces, with "…" where text
 * was left out; the beginning of the text when no word matches (the story matched by its
 * headline). Empty when the text is.
 */
export function searchSnippet(text: string, terms: readonly string[], maxChars = SNIPPET_CHARS): TextPart[] {
  const clean = text.replace(/\s+/g, ' ').trim()
  if (!clean) return []
  const matched = tokens(clean, termSet(terms)).filter((token) => token.match)
  const first = matched[0]?.start ?? 0
  let start = Math.max(0, first - LEAD_CHARS)
  if (start > 0) {
    const space = clean.indexOf(' ', start)
    start = space === -1 || space >= first ? start : space + 1
  }
  let end = Math.min(clean.length, start + maxChars)
  if (end < clean.length) {
    const space = clean.lastIndexOf(' ', end)
    // Never cut before the first match's end.
    end = space > (matched[0]?.end ?? start) ? space : end
  }
  const parts = split(clean, start, end, matched)
  if (start > 0) parts.unshift({ text: '… ', match: false })
  if (end < clean.length) parts.push({ text: ' …', match: false })
  return parts
}
