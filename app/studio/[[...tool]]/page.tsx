/**
 * `/studio`: Sanity Studio. With SANITY_PROJECT_ID it is the ordinary Studio on Sanity's hosts;
 * without, it edits the embedded lake, which the browser reaches on the page's own host name at
 * `$LAKE_PORT` (read at request time, so one build serves any port; editors sign in on the lake's
 * page and hold an HttpOnly session cookie, ADR 0012). Studio's code loads only on this route.
 */

import type { Metadata, Viewport } from 'next'
import { readSettings } from '@/lib/sanity/settings'
import { StudioApp } from '@/lib/studio/StudioApp'
import '../studio.css'

export const dynamic = 'force-dynamic'

export const metadata: Metadata = { title: 'Studio', referrer: 'same-origin', robots: 'noindex' }
export const viewport: Viewport = { width: 'device-width', initialScale: 1, viewportFit: 'cover' }

export default function StudioPage() {
  const { sanity, lake } = readSettings()
  if (sanity.backend === 'sanity') return <StudioApp projectId={sanity.projectId} dataset={sanity.dataset} />
  return <StudioApp projectId={sanity.projectId} dataset={sanity.dataset} apiHost={`http://localhost:${lake.port}`} />
}
