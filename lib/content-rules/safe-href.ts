/**
 * Link sanitising for CMS content at render time (pages, the feed and the lite page), with the same rule the schemas and the zod
 * models apply to stored links (`isSafeHref`, lib/content-rules): http(s) with a host, mailto:, or a
 * relative link on this site (never `//host`). Whitespace and C0 controls at the edges, and tabs
 * and newlines anywhere, are removed first, as browsers do; anything else — javascript:, data:,
 * unknown schemes, backslashes, obfuscations such as " JaVaScRiPt:" — is refused (null).
 */
import { isSafeHref } from './index'

// Browsers strip leading/trailing C0 controls and spaces, and drop tabs and newlines anywhere.
const EDGE_CONTROLS = /^[\u0000-\u0020]+|[\u0000-\u0020]+$/g
const TAB_OR_NEWLINE = /[\t\n\r]/g

/** The cleaned URL when it is safe to put in an `href`, otherwise null. */
export function safeHref(href: unknown): string | null {
  if (typeof href !== 'string') return null
  const url = href.replace(TAB_OR_NEWLINE, '').replace(EDGE_CONTROLS, '')
  return isSafeHref(url) ? url : null
}

/** True for links that leave the site (absolute http(s)). */
export function isExternalHref(href: string): boolean {
  return /^https?:/i.test(href)
}
