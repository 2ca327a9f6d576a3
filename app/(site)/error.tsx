'use client'

import { PageError } from '@/components/PageError'

type Props = { error: Error & { digest?: string }; reset: () => void }

/** A page failed to render (e.g. the content service did not answer): say so, offer a retry. */
export default function ErrorPage({ error, reset }: Props) {
  return (
    <div className="container article" role="alert">
      <PageError
        title="This page could not be loaded"
        explanation="Something went wrong on our side while preparing this page: the content service may be unavailable. It is usually temporary."
        error={error}
        reset={reset}
        homeLink={<a href="/">Go to the home page</a>}
      />
    </div>
  )
}
