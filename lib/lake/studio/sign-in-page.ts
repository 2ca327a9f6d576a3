/**
 * The lake's sign-in page, plain server-rendered HTML with no script at all (its CSP allows none):
 * the editor pastes their token, the form posts back to the lake, which sets the session cookie.
 */

import type { ServerResponse } from 'node:http'

export interface SignInPageOptions {
  /** Where the browser returns after signing in (already checked against the Studio origins). */
  returnUrl: string | null
  /** A plain sentence shown above the form (session ended, wrong token, …). */
  message?: string
  tone?: 'info' | 'problem'
  /** Allowed Studio origins, for the CSP's `form-action` (the post redirects to one of them). */
  studioOrigins: readonly string[]
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string)
}

const STYLE = `
body{margin:0;min-height:100vh;display:grid;place-items:center;font:16px/1.5 system-ui,sans-serif;color:#1b1b1f;background:#f6f6f8}
main{width:min(28rem,90vw);background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px rgba(0,0,0,.12)}
h1{font-size:1.4rem;margin:0 0 .5rem}form{display:grid;gap:.6rem;margin-top:1rem}
input{padding:.55rem;font-size:1rem;border:1px solid #888;border-radius:4px}
button{padding:.6rem;font-size:1rem;border:0;border-radius:4px;background:#2249d6;color:#fff;cursor:pointer}
.info{background:#eef3ff;border-left:4px solid #2249d6;padding:.6rem .8rem}
.problem{background:#fdecee;border-left:4px solid #b00020;padding:.6rem .8rem;color:#7a0016}
code{font-size:.9em}`

export function sendSignInPage(res: ServerResponse, status: number, opts: SignInPageOptions, headers: Record<string, string | string[]> = {}): void {
  const message = opts.message
    ? `<p class="${opts.tone ?? 'info'}" role="${opts.tone === 'problem' ? 'alert' : 'status'}">${escapeHtml(opts.message)}</p>`
    : ''
  const form = opts.returnUrl
    ? `<form method="post" action="/auth/sign-in">
  <input type="hidden" name="origin" value="${escapeHtml(opts.returnUrl)}">
  <label for="token">Editor token</label>
  <input id="token" name="token" type="password" autocomplete="current-password" required minlength="32" autofocus>
  <button type="submit">Sign in</button>
</form>`
    : '<p>Open the Studio (<code>/studio</code> on the site) to sign in: this page needs to know which Studio sent you.</p>'
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>Sign in to the Studio</title><style>${STYLE}</style></head>
<body><main>
<h1>Sign in to the Studio</h1>
${message}
<p>Paste your editor token. An administrator creates one with <code>npm run content -- editor add "Your Name"</code>.
You stay signed in on this browser for 12 hours or until you sign out.</p>
${form}
</main></body></html>`
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; form-action 'self' ${opts.studioOrigins.join(' ')}; frame-ancestors 'none'; base-uri 'none'`,
    'x-content-type-options': 'nosniff',
    // Not no-referrer: with it Chromium sends `Origin: null` on the form's own post, which the lake checks.
    'referrer-policy': 'same-origin',
    ...headers,
  })
  res.end(html)
}
