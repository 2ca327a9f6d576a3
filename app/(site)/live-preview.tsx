'use client'
/**
 * Draft mode only, loaded by preview-overlay.tsx after hydration: next-sanity's `<VisualEditing />`
 * (click-to-edit overlays on the text that carries stega, navigation in sync with Presentation)
 * with a refresh handler, so the preview follows the typing. Presentation posts a refresh with
 * source "mutation" whenever the document it edits changes (each keystroke, then again a second
 * later); the page re-renders on the server with `router.refresh()`, which re-reads the drafts
 * perspective (draft-mode fetches are never cached). Bursts are coalesced: one refresh per pause
 * in the typing, and the "a second later" one picks up what Studio has saved by then.
 */
import { VisualEditing, type VisualEditingProps } from 'next-sanity/visual-editing'
import { useRouter } from 'next/navigation'
import { startTransition, useCallback, useEffect, useRef } from 'react'

type Refresh = NonNullable<VisualEditingProps['refresh']>

/** Pause (ms) that ends a burst of keystrokes. */
const COALESCE_MS = 150

export function LivePreview() {
  const router = useRouter()
  const pending = useRef<{ timer: number; resolve: () => void } | null>(null)

  const settle = useCallback(() => {
    if (!pending.current) return
    window.clearTimeout(pending.current.timer)
    pending.current.resolve()
    pending.current = null
  }, [])
  useEffect(() => settle, [settle])

  const refresh = useCallback<Refresh>(
    (payload) => {
      settle()
      const delay = payload.source === 'manual' ? 0 : COALESCE_MS
      return new Promise<void>((resolve) => {
        const timer = window.setTimeout(() => {
          pending.current = null
          startTransition(() => router.refresh())
          resolve()
        }, delay)
        pending.current = { timer, resolve }
      })
    },
    [router, settle],
  )

  return <VisualEditing refresh={refresh} />
}
