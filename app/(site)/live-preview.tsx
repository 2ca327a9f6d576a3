'use client'
/**
 * Draft mode only, loaded by preview-overlay.tsx after hydration: next-sanity's `<VisualEditing />`
 * (click-to-edit overlays on the text that carries stega, navigation in sync with Presentation)
 * and the preview following the typing. The page re-renders on the server with `router.refresh()`,
 * which re-reads the drafts perspective (draft-mode fetches are never cached):
 * - as soon as the Content Lake has committed a change: `/api/draft-mode/live` relays the Live
 *   Content API's events (drafts included, read with the server's token), as next-sanity's
 *   `<SanityLive includeDrafts>` would with a token in the page;
 * - while that stream is not connected, on Presentation's own "mutation" refreshes, which come
 *   on every change in Studio, saved or not (Studio saves at most once a second): after a pause in
 *   the typing, then 1.2 s and 2.5 s later, so the save is shown whenever it lands.
 * "Refresh preview" (source "manual") re-renders at once.
 */
import { VisualEditing, type VisualEditingProps } from 'next-sanity/visual-editing'
import { useRouter } from 'next/navigation'
import { startTransition, useCallback, useEffect, useRef } from 'react'

type Refresh = NonNullable<VisualEditingProps['refresh']>
type Payload = Parameters<Refresh>[0]

const LIVE_EVENTS_PATH = '/api/draft-mode/live'
/** Commits that arrive together (a save and its echo) cause one re-render. */
const COMMIT_COALESCE_MS = 40
/** Without the stream: when to re-render after Presentation reports a change. */
const AFTER_CHANGE_MS = [150, 1200, 2500]

export function LivePreview() {
  const router = useRouter()
  const timers = useRef<number[]>([])
  const settle = useRef<() => void>(() => undefined)
  const seen = useRef(new WeakSet<Payload>())
  const live = useRef(false)
  const connected = useRef(false)

  /** Drops the pending re-renders (a newer change replaces them) and ends the pending refresh. */
  const cancel = useCallback(() => {
    for (const timer of timers.current) window.clearTimeout(timer)
    timers.current = []
    settle.current()
  }, [])

  const schedule = useCallback(
    (delays: number[]) => {
      cancel()
      return new Promise<void>((resolve) => {
        settle.current = resolve
        timers.current = delays.map((delay, index) =>
          window.setTimeout(() => {
            startTransition(() => router.refresh())
            if (index === 0) resolve()
          }, delay),
        )
      })
    },
    [router, cancel],
  )

  useEffect(() => {
    const events = new EventSource(LIVE_EVENTS_PATH)
    events.addEventListener('welcome', () => {
      live.current = true
      // Reconnected: whatever was committed meanwhile is shown now.
      if (connected.current) void schedule([0])
      connected.current = true
    })
    events.onmessage = () => void schedule([COMMIT_COALESCE_MS])
    events.onerror = () => {
      live.current = false
    }
    return () => {
      events.close()
      cancel()
    }
  }, [schedule, cancel])

  const refresh = useCallback<Refresh>(
    (payload) => {
      if (payload.source === 'manual') return schedule([0])
      // The live stream re-renders on the commit itself. Otherwise: VisualEditing repeats each
      // mutation refresh a second later, which our own schedule covers.
      if (live.current || seen.current.has(payload)) return Promise.resolve()
      seen.current.add(payload)
      return schedule(AFTER_CHANGE_MS)
    },
    [schedule],
  )

  return <VisualEditing refresh={refresh} />
}
