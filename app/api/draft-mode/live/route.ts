/**
 * GET /api/draft-mode/live — draft mode only: a server-sent event each time the Content Lake
 * commits a change, drafts included, so the preview re-renders as soon as Studio has saved
 * (app/(site)/live-preview.tsx). The Live Content API's stream (`client.live.events`, what
 * next-sanity's `<SanityLive includeDrafts>` listens to) is read here with the server's token: the
 * page gets only "something changed", never a credential. Outside draft mode: 404.
 */
import { draftMode } from 'next/headers'
import { getPreviewClient } from '@/lib/sanity/token'

export const dynamic = 'force-dynamic'

const KEEP_ALIVE_MS = 15_000
const PRIVATE = 'private, no-store, no-transform'

export async function GET(request: Request): Promise<Response> {
  if (!(await draftMode()).isEnabled) {
    return new Response('Not in draft mode\n', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': PRIVATE } })
  }
  const client = getPreviewClient()
  const encoder = new TextEncoder()
  let stop = () => {}
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true
      const send = (text: string) => {
        if (open) controller.enqueue(encoder.encode(text))
      }
      const subscription = client.live.events({ includeDrafts: true, tag: 'draft-mode.live' }).subscribe({
        next: (event) => {
          if (event.type === 'welcome') send('event: welcome\ndata: {}\n\n')
          else if (event.type === 'message') send(`data: ${JSON.stringify({ id: event.id })}\n\n`)
        },
        // The browser's EventSource reconnects (and the page re-renders on its welcome).
        error: () => stop(),
      })
      const keepAlive = setInterval(() => send(': keep-alive\n\n'), KEEP_ALIVE_MS)
      stop = () => {
        if (!open) return
        open = false
        clearInterval(keepAlive)
        subscription.unsubscribe()
        try {
          controller.close()
        } catch {
          // Already cancelled by the reader.
        }
      }
      send('retry: 2000\n\n')
      request.signal.addEventListener('abort', () => stop())
    },
    cancel() {
      stop()
    },
  })
  return new Response(stream, { headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': PRIVATE, 'x-accel-buffering': 'no' } })
}
