/**
 * The editor's session with the embedded lake, as the Studio page sees it: where the lake is (the
 * page's own host name, so the lake's HttpOnly session cookie applies), its sign-in page, and what
 * happens when a call is refused mid-session (revoked or expired): back to the sign-in page, which
 * says in plain words that the session ended. The page never sees a token or the cookie.
 */

import { requester as defaultRequester, type ClientConfig } from '@sanity/client'

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * The lake as this page reaches it: on the page's own host name (a cookie set by `localhost:3030`
 * is sent from `localhost:3000`, never from `127.0.0.1:3000`), on the lake's port.
 */
export function lakeApiHostFor(configured: string, page: { hostname: string }): string {
  const url = new URL(configured)
  const pageHost = page.hostname.includes(':') && !page.hostname.startsWith('[') ? `[${page.hostname}]` : page.hostname
  if (LOOPBACK_NAMES.has(url.hostname) && LOOPBACK_NAMES.has(pageHost)) url.hostname = pageHost
  return url.origin
}

/** The lake's sign-in page, returning to `returnTo` (Studio adds `origin` itself when it redirects). */
export function signInUrlFor(apiHost: string, returnTo?: string): string {
  const url = new URL('/auth/sign-in', apiHost)
  if (returnTo) url.searchParams.set('origin', returnTo)
  return url.href
}

/**
 * Removes the editor token an earlier version of this Studio (token sign-in) left in `localStorage`,
 * where any script on the site's origin could read it. Studio's own key: `__studio_auth_token_<projectId>`.
 */
export function forgetStoredToken(storage: Pick<Storage, 'removeItem'>, projectId: string): void {
  try {
    storage.removeItem(`__studio_auth_token_${projectId}`)
  } catch {
    // Storage disabled: nothing was stored either.
  }
}

/** Calls whose 401 is Studio's own "not signed in" check, not a session that ended mid-work. */
const SIGN_IN_CHECKS = /\/(users\/me|auth\/[a-z]+)(\?|$)/

/**
 * A requester for Studio's clients: a 401 on any call but the sign-in checks means the session
 * ended while the editor worked (signed out elsewhere, expired, editor removed). Instead of letting
 * Studio fail on it, `onSessionEnded` runs once (the Studio page sends the editor to sign in).
 */
export function sessionAwareClientOptions(onSessionEnded: () => void): Partial<ClientConfig> {
  let ended = false
  const requester = defaultRequester.clone()
  // `onError`, not `onResponse`: the client's own error middleware turns a 401 into an error first.
  requester.use({
    onError(error: unknown) {
      const response = (error as { response?: { statusCode?: number; url?: string } } | null)?.response
      if (response?.statusCode === 401 && !ended && !SIGN_IN_CHECKS.test(response.url ?? '')) {
        ended = true
        onSessionEnded()
      }
      return error
    },
  })
  return { requester }
}
