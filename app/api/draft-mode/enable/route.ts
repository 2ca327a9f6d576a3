/**
 * GET /api/draft-mode/enable — Studio's Presentation tool opens the site here with a
 * `sanity-preview-secret`; next-sanity checks it against the `sanity.previewUrlSecret` documents
 * (in the lake or the real project) and redirects to the same-origin path it names. Wrong,
 * expired or missing secrets get 401.
 */
import { defineEnableDraftMode } from 'next-sanity/draft-mode'
import type { NextRequest } from 'next/server'
import { getPreviewClient } from '@/lib/sanity/token'

export const dynamic = 'force-dynamic'

export async function GET(request: NextRequest) {
  const { GET: enable } = defineEnableDraftMode({ client: getPreviewClient() })
  return enable(request)
}
