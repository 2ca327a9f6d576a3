/**
 * The request target as Next will route it. Next parses `req.url` with the WHATWG URL parser,
 * which resolves `.` and `..` segments (also written `%2e`), turns `\` into `/`, and encodes
 * some characters; the front door must decide on exactly the path Next then routes, or
 * `/articles/<slug>/region/./ZZ` would pass the front door as one thing and render as another
 * (a made-up region variant in the page cache). The site's server normalises every request with
 * this before anything else and hands Next the result.
 */

/** Path and query, normalised; null when the target is not a path (absolute-form, `*`) or cannot be parsed. */
export function normalisedTarget(raw: string): string | null {
  if (!raw.startsWith('/')) return null
  try {
    // Leading slashes collapsed first: `//host/x` is a path here, never a host.
    const url = new URL(`http://site.invalid${raw.replace(/^\/+/, '/')}`)
    return `${url.pathname}${url.search}`
  } catch {
    return null
  }
}
