/**
 * Which Studio pages may use an editor's session: exact origins (scheme, host, port), e.g.
 * `http://localhost:3000` and `http://127.0.0.1:3000`. Only these get CORS with credentials, only
 * requests from these may write with a session cookie (CSRF), and the sign-in page sends the
 * browser back only to a page on one of them (no open redirect).
 */

import type { IncomingMessage } from 'node:http'

export class StudioOrigins {
  private readonly allowed: Set<string>

  constructor(origins: readonly string[]) {
    this.allowed = new Set(origins.map((origin) => normalizeOrigin(origin)).filter((origin): origin is string => origin !== null))
  }

  /** True for an exact allowed origin (`http://localhost:3000`, no path). */
  allows(origin: string | undefined | null): boolean {
    return typeof origin === 'string' && this.allowed.has(origin)
  }

  /** The URL to send the browser back to, when it is http(s) on an allowed origin; else null. */
  returnUrl(raw: string | null | undefined): string | null {
    if (!raw || raw.length > 2000) return null
    let url: URL
    try {
      url = new URL(raw)
    } catch {
      return null
    }
    if (url.username || url.password || !this.allowed.has(url.origin)) return null
    return url.href
  }

  list(): string[] {
    return [...this.allowed]
  }
}

/** `http://LocalHost:3000/` → `http://localhost:3000`; null for anything but an http(s) origin. */
export function normalizeOrigin(raw: string): string | null {
  try {
    const url = new URL(raw.trim())
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null
    return url.origin
  } catch {
    return null
  }
}

/** The lake's own origin as the browser addressed it (its sign-in page posts from there). */
export function lakeOriginOf(req: IncomingMessage): string | null {
  const host = req.headers.host
  return host ? normalizeOrigin(`http://${host}`) : null
}
