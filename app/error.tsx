'use client'

import Link from 'next/link'
import { useEffect } from 'react'

type Props = { error: Error & { digest?: string }; reset: () => void }

/** A page failed to render (e.g. the content service did not answer): say so, offer a retry. */
export default function ErrorPage({ error, reset }: Props) {
  useEffect(() => {
    // The server already logged the details; the digest ties this view to that log line.
    console.warn(`Page error${error.digest ? ` (reference ${error.digest})` : ''}`)
  }, [error])
  return (
    <div className="container article" role="alert">
      <h1>This page could not be loaded</h1>
      <p>Something went wrong on our side while preparing this page. It is usually temporary.</p>
      <p>
        <button type="button" onClick={() => reset()}>
          Try again
        </button>
      </p>
      <p>
        <Link href="/">Go to the home page</Link>
      </p>
      {error.digest && <p>Reference: {error.digest}</p>}
    </div>
  )
}
