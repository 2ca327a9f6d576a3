/**
 * Link sanitising for CMS content. A URL becomes a link only when it is http:, https:, mailto:
 * or relative ("/", "#", "?", "./", "../"). Anything else — javascript:, data:, vbscript:, unknown
 * schemes, and obfuscations such as " JaVaScRiPt:" or "java\tscript:" — is refused (null).
 */
const ALLOWED_SCHEMES = new Set(['http', 'https', 'mailto'])
const RELATIVE_PREFIXES = ['/', '#', '?', './', '../']

// Browsers strip leading/trailing C0 controls and spaces, and drop tabs and newlines anywhere.
const EDGE_CONTROLS = /^[\u0000-\u0020]+|[\u0000-\u0020]+$/g
const TAB_OR_NEWLINE = /[\t\n\r]/g
const SCHEME = /^([a-z][a-z0-9+.-]*):/i

/** The cleaned URL when it is safe to put in an `href`, otherwise null. */
export function safeHref(href: unknown): string | null {
  if (typeof href !== 'string') return null
  const url = href.replace(TAB_OR_NEWLINE, '').replace(EDGE_CONTROLS, '')
  if (url === '') return null
  // Any remaining control character is suspicious; refuse rather than guess how it is parsed.
  if (/[\u0000-\u001f\u007f]/.test(url)) return null
  // A backslash after the first slash is read as "//" by browsers (protocol-relative host).
  if (url.startsWith('/\\') || url.startsWith('\\')) return null
  const scheme = SCHEME.exec(url)
  if (scheme) return ALLOWED_SCHEMES.has(scheme[1].toLowerCase()) ? url : null
  return RELATIVE_PREFIXES.some((prefix) => url.startsWith(prefix)) ? url : null
}

/** True for links that leave the site (absolute http(s) or protocol-relative). */
export function isExternalHref(href: string): boolean {
  return /^https?:/i.test(href) || href.startsWith('//')
}
