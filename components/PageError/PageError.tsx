'use client'

import { useEffect, type ReactNode } from 'react'

type Props = {
  title: string
  explanation: string
  error: Error & { digest?: string }
  reset: () => void
  /** The way back home: a client-side Link, or a plain <a> when the whole app failed. */
  homeLink: ReactNode
}

/** What a reader sees when a page fails: what happened, a retry, a way home, and a reference. */
export function PageError({ title, explanation, error, reset, homeLink }: Props) {
  useEffect(() => {
    // The server already logged the details; the digest ties this view to that log line.
    console.warn(`${title}${error.digest ? ` (reference ${error.digest})` : ''}`)
  }, [error, title])
  return (
    <>
      <h1>{title}</h1>
      <p>{explanation}</p>
      <p>
        <button type="button" onClick={() => reset()}>
          Try again
        </button>
      </p>
      <p>{homeLink}</p>
      {error.digest && <p>Reference: {error.digest}</p>}
    </>
  )
}
