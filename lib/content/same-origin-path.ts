/**
 * A redirect target that can only stay on this site: a path starting with one `/`, no scheme, no
 * host, no backslash tricks, nothing that normalises to `//host`. Anything else is the home page.
 */
export function sameOriginPath(candidate: string | null | undefined): string {
  if (!candidate || candidate.length > 2048) return '/'
  if (!candidate.startsWith('/') || candidate.startsWith('//') || candidate.includes('\\')) return '/'
  if (/[\u0000-\u001f\u007f]/.test(candidate)) return '/'
  const url = new URL(candidate, 'http://same.origin')
  if (url.origin !== 'http://same.origin') return '/'
  // Dot segments can normalise into a protocol-relative path (`/.//evil.example` → `//evil.example`).
  const path = `${url.pathname}${url.search}${url.hash}`
  return path.startsWith('//') ? '/' : path
}
