/**
 * The editor-session cookie. `HttpOnly`: no script on any page can read it. `SameSite=Strict`: sent
 * only on requests from the same site (the Studio page on `localhost:<site port>` calling
 * `localhost:<lake port>`; browsers ignore ports for both cookies and sites), never on a link or
 * form from another site. Host-only (no `Domain`), `Path=/`. No `Secure`: the lake speaks plain
 * HTTP on loopback (ADR 0012 has the measurements behind each choice).
 */

import type { IncomingMessage } from 'node:http'

export const SESSION_COOKIE = 'lake_session'

/** The value of cookie `name` in a request, or null. */
export function cookieOf(req: IncomingMessage, name: string): string | null {
  const header = req.headers.cookie
  if (!header) return null
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || null
  }
  return null
}

export function sessionIdOf(req: IncomingMessage): string | null {
  const value = cookieOf(req, SESSION_COOKIE)
  return value && /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : null
}

export function sessionCookie(id: string, maxAgeSeconds: number): string {
  return `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}`
}

export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`
}
