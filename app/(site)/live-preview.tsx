'use client'
/**
 * Draft mode only, loaded by preview-overlay.tsx after hydration: next-sanity's `<VisualEditing />`
 * (click-to-edit overlays on the text that carries stega, navigation in sync with Presentation)
 * with a refresh handler, so the preview follows the typing. Presentation posts a refresh with
 * source "mutation" whenever the document it edits changes, i.e. on every keystroke, before Studio
 * has saved it (Studio saves at most once a second). The page re-renders on the server with
 * `router.refresh()`, which re-reads the drafts perspective (draft-mode fetches are never cached):
 * once the typing pauses, then 1.2 s and 2.5 s after the last change, so the save is shown
 * whenever it lands. "Refresh preview" (source "manual") re-renders at once.
 */
import { VisualEditing, type VisualEditingProps } from 'next-sanity/visual-editing'
import { useRouter } from 'next/navigation'
import { startTransition, useCallback, useEffect, useRef } from 'react'

type Refresh = NonNullable<VisualEditingProps['refresh']>
type Payload = Parameters<Refresh>[0]

/** When to re-render after the last change: a pause in the typing, then after Studio's save. */
const AFTER_CHANGE_MS = [150, 1200, 2500]

export function LivePreview() {
  const router = useRouter()
  const timers = useRef<number[]>([])
  const settle = useRef<() => void>(() => undefined)
  const seen = useRef(new WeakSet<Payload>())

  /** Drops the pending re-renders (a newer change replaces them) and ends the pending refresh. */
  const cancel = useCallback(() => {
    for (const timer of timers.current) window.clearTimeout(timer)
    timers.current = []
    settle.current()
  }, [])
  useEffect(() => cancel, [cancel])

  const refresh = useCallback<Refresh>(
    (payload) => {
      const rerender = () => startTransition(() => router.refresh())
      if (payload.source === 'manual') {
        rerender()
        return Promise.resolve()
      }
      // VisualEditing repeats each mutation refresh a second later: our own schedule covers it.
      if (seen.current.has(payload)) return Promise.resolve()
      seen.current.add(payload)
      cancel()
      return new Promise<void>((resolve) => {
        settle.current = resolve
        timers.current = AFTER_CHANGE_MS.map((delay, index) =>
          window.setTimeout(() => {
            rerender()
            if (index === 0) resolve()
          }, delay),
        )
      })
    },
    [router, cancel],
  )

  return <VisualEditing refresh={refresh} />
}
