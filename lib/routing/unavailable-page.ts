/**
 * The page the front door answers with when it cannot hand a request to its route (content service
 * down, too many checks waiting): plain server HTML, readable without JavaScript or site data.
 */

export type UnavailableReason = 'unavailable' | 'busy'

const COPY: Record<UnavailableReason, { title: string; text: string; retryAfterSeconds: number }> = {
  unavailable: {
    title: 'This page could not be loaded',
    text: 'Our content service did not answer. This is usually temporary: please try again in a moment.',
    retryAfterSeconds: 5,
  },
  busy: {
    title: 'The site is busy',
    text: 'We are receiving too many requests right now. Please try again in a moment.',
    retryAfterSeconds: 1,
  },
}

export function unavailablePage(reason: UnavailableReason): { status: 503; headers: Record<string, string>; html: string } {
  const { title, text, retryAfterSeconds } = COPY[reason]
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
  return {
    status: 503,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'retry-after': String(retryAfterSeconds) },
    html,
  }
}
