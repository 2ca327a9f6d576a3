/**
 * Reading stega in tests: whether a string carries any (a run of the invisible characters
 * @vercel/stega writes) and what it says (the edit URL @sanity/client put there). A decoder of our
 * own for @vercel/stega's format (four U+200B, then each UTF-8 byte as four base-4 digits), so the
 * tests need no package the site does not list.
 */
const DIGITS: Record<string, number> = { '\u200B': 0, '\u200C': 1, '\u200D': 2, '\uFEFF': 3 }
const PREFIX = '\u200B\u200B\u200B\u200B'

/** Any run of four or more of the characters @vercel/stega uses (its own VERCEL_STEGA_REGEX). */
export const STEGA_RUN = /[\u200B\u200C\u200D\u2062\u2063\u2060\uFEFF\u2061\u{1D173}\u{1D174}\u{1D175}\u{1D176}\u{1D177}\u{1D178}\u{1D179}\u{1D17A}]{4,}/u

export const hasStega = (value: string | null | undefined): boolean => STEGA_RUN.test(value ?? '')

/** The edit info hidden at the end of `value` (`{origin, href}`), or null when there is none. */
export function decodeStega(value: string): { origin: string; href: string } | null {
  const start = value.indexOf(PREFIX)
  if (start === -1) return null
  const chars = Array.from(value.slice(start + PREFIX.length))
  const bytes: number[] = []
  for (let i = 0; i + 3 < chars.length; i += 4) {
    const d = chars.slice(i, i + 4).map((c) => DIGITS[c])
    if (d.some((x) => x === undefined)) break
    bytes.push((d[0] << 6) | (d[1] << 4) | (d[2] << 2) | d[3])
  }
  return JSON.parse(new TextDecoder().decode(new Uint8Array(bytes)))
}
