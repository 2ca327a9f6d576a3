/**
 * GET /api/draft-mode/enable — Studio's Presentation tool opens the site here with a
 * `sanity-preview-secret`; next-sanity checks it against the `sanity.previewUrlSecret` documents
 * (in the lake or the real project) and redirects to the path it names. Wrong, expired or missing
 * secrets get 401. The path (`sanity-preview-pathname`) is made same-origin first: next-sanity
 * normalises it with `new URL`, and dot segments (`/.//evil.example`) would come out as `//host`.
 */
import { urlSearchParamPreviewPathname } from '@sanity/preview-url-secret'
import { defineEnableDraftMode } from 'next-sanity/draft-mode'
import { unstable_rethrow } from 'next/navigation'
import type { NextRequest } from 'next/server'
import { sameOriginPath } from '@/lib/content/same-origin-path'
import { getPreviewClient } from '@/lib/sanity/token'

export const dynamic = 'force-dynamic'

export async function GET(request: NextRequest) {
  const url = new URL(request.url)
  const pathname = url.searchParams.get(urlSearchParamPreviewPathname)
  if (pathname !== null) url.searchParams.set(urlSearchParamPreviewPathname, sameOriginPath(pathname))
  try {
    const { GET: enable } = defineEnableDraftMode({ client: getPreviewClient() })
    return await enable(new Request(url, { headers: request.headers }))
  } catch (error) {
    // next/navigation's redirect() throws its answer; only a failed secret lookup is ours to handle.
    unstable_rethrow(error)
    console.error(`[draft-mode] could not check the preview secret: ${error instanceof Error ? error.message : error}`)
    return Response.json(
      { error: { type: 'serviceUnavailable', description: 'The content service could not check the preview secret' } },
      { status: 503, headers: { 'cache-control': 'private, no-store' } },
    )
  }
}
