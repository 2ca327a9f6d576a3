'use client'

import { PageError } from '@/components/PageError'
import './globals.css'

type Props = { error: Error & { digest?: string }; reset: () => void }

/**
 * Last resort, when the root layout itself failed (site settings could not be loaded): replaces
 * the whole document, so it brings its own <html> and <body> and uses no site data.
 */
export default function GlobalError({ error, reset }: Props) {
  return (
    <html lang="en">
      <body>
        <main id="main-content" className="container article">
          <PageError
            title="The site is temporarily unavailable"
            explanation="We could not load this page: the content service may be unavailable. Please try again in a moment."
            error={error}
            reset={reset}
            // A plain link: a full reload is what we want when the whole app failed.
            // eslint-disable-next-line @next/next/no-html-link-for-pages
            homeLink={<a href="/">Go to the home page</a>}
          />
        </main>
      </body>
    </html>
  )
}
