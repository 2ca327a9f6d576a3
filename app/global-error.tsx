'use client'

import { useEffect } from 'react'
import './globals.css'

type Props = { error: Error & { digest?: string }; reset: () => void }

/**
 * Last resort, when the root layout itself failed (site settings could not be loaded): replaces
 * the whole document, so it brings its own <html> and <body> and uses no site data.
 */
export default function GlobalError({ error, reset }: Props) {
  useEffect(() => {
    console.warn(`Site error${error.digest ? ` (reference ${error.digest})` : ''}`)
  }, [error])
  return (
    <html lang="en">
      <body>
        <main id="main-content" className="container article">
          <h1>The site is temporarily unavailable</h1>
          <p>We could not load this page. Please try again in a moment.</p>
          <p>
            <button type="button" onClick={() => reset()}>
              Try again
            </button>
          </p>
          <p>
            {/* A plain link: a full reload is what we want when the whole app failed. */}
            <a href="/">Go to the home page</a>
          </p>
          {error.digest && <p>Reference: {error.digest}</p>}
        </main>
      </body>
    </html>
  )
}
