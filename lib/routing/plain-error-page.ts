/**
 * Pages the site's server answers with when Next cannot give a readable one: plain server HTML,
 * readable without JavaScript or site data. `unavailable` and `busy` (503, Retry-After) are the
 * front door's, when it cannot hand a request to its route; `error` (500) replaces the
 * JavaScript-only shell Next 16 sends when a page fails while rendering (see error-pages.ts).
 */

export type PlainErrorReason = 'unavailable' | 'busy' | 'error'

const COPY: Record<PlainErrorReason, { status: 500 | 503; title: string; text: string; retryAfterSeconds?: number }> = {
  unavailable: {
    status: 503,
    title: 'This page could not be loaded',
    text: 'Our content service did not answer. This is usually temporary: please try again in a moment.',
    retryAfterSeconds: 5,
  },
  busy: {
    status: 503,
    title: 'The site is busy',
    text: 'We are receiving too many requests right now. Please try again in a moment.',
    retryAfterSeconds: 1,
  },
  error: {
    status: 500,
    title: 'This page could not be loaded',
    text: 'Something went wrong on our side while preparing this page: the content service may be unavailable. It is usually temporary: please try again in a moment.',
  },
}

export type PlainErrorPage = { status: 500 | 503; headers: Record<string, string>; html: string }

export function plainErrorPage(reason: PlainErrorReason): PlainErrorPage {
  const { status, title, text, retryAfterSeconds } = COPY[reason]
  const html = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${title}</title></head>
<body>
<main style="max-width:40rem;margin:3rem auto;padding:0 1rem;font-family:system-ui,sans-serif;line-height:1.5">
<h1>${title}</h1>
<p>${text}</p>
<p><a href="/">Go to the home page</a></p>
</main>
</body>
</html>
`
  const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }
  if (retryAfterSeconds !== undefined) headers['retry-after'] = String(retryAfterSeconds)
  return { status, headers, html }
}
