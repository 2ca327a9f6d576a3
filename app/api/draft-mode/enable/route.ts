/**
 * GET /api/draft-mode/enable — Studio's Presentation tool opens the site here with a
 * `sanity-preview-secret`; next-sanity checks it against the `sanity.previewUrlSecret` documents
 * (in the lake or the real project) and redirects to the path it names. Wrong, expired or missing
 * secrets get 401, and so does Presentation's share-access secret once older than a day
 * (lib/sanity/share-access.ts). A secret that checks out also starts a draft session of ours
 * (lib/routing/draft-session.ts), which draft mode needs besides Next's cookie. The path (`sanity-preview-pathname`) is made same-origin first: next-sanity
 * normalises it with `new URL`, and dot segments (`/.//evil.example`) would come out as `//host`.
 */
import { urlSearchParamPreviewPathname, urlSearchParamPreviewSecret } from '@sanity/preview-url-secret'
import { defineEnableDraftMode } from 'next-sanity/draft-mode'
import { isRedirectError } from 'next/dist/client/components/redirect-error'
import { unstable_rethrow } from 'next/navigation'
import type { NextRequest } from 'next/server'
import { sameOriginPath } from '@/lib/content/same-origin-path'
import { startDraftSession } from '@/lib/routing/draft-session-cookie'
import { isExpiredShareAccessSecret } from '@/lib/sanity/share-access'
import { getPreviewClient } from '@/lib/sanity/token'

export const dynamic = 'force-dynamic'

export async function GET(request: NextRequest) {
  const url = new URL(request.url)
  const pathname = url.searchParams.get(urlSearchParamPreviewPathname)
  if (pathname !== null) url.searchParams.set(urlSearchParamPreviewPathname, sameOriginPath(pathname))
  try {
    const client = getPreviewClient()
    if (await isExpiredShareAccessSecret(client, url.searchParams.get(urlSearchParamPreviewSecret))) {
      return new Response('Expired secret: share preview access again in Studio', { status: 401, headers: { 'cache-control': 'private, no-store' } })
    }
    const { GET: enable } = defineEnableDraftMode({ client })
    return await enable(new Request(url, { headers: request.headers }))
  } catch (error) {
    // next/navigation's redirect() throws its answer: the secret checked out, so a draft session starts.
    if (isRedirectError(error)) await startDraftSession(request)
    // Only a failed secret lookup is ours to handle.
    unstable_rethrow(error)
    console.error(`[draft-mode] could not check the preview secret: ${error instanceof Error ? error.message : error}`)
    return Response.json(
      { error: { type: 'serviceUnavailable', description: 'The content service could not check the preview secret' } },
      { status: 503, headers: { 'cache-control': 'private, no-store' } },
    )
  }
}
