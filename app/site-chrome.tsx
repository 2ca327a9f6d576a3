import type { ReactNode } from 'react'
import { PreviewBanner } from '@/components/PreviewBanner'
import { SiteFooter } from '@/components/SiteFooter'
import { SiteHeader } from '@/components/SiteHeader'
import { MAIN_CONTENT_ID, SkipLinks } from '@/components/SkipLinks'
import { isPreviewing } from '@/lib/content/fetch'
import { getSiteData } from '@/lib/content/site'
import { PreviewOverlay } from './(site)/preview-overlay'
import './globals.css'

/**
 * What surrounds every reader page: skip links, the preview banner in draft mode, header, main
 * landmark, footer (with the notices addressed to everyone) and, in draft mode, the visual-editing
 * overlay. Rendered by the site's layout (`app/(site)/layout.tsx`) and by the not-found page, never
 * by the Studio, which has the root layout to itself so nothing of the site sits over its popovers.
 */
export async function SiteChrome({ children }: { children: ReactNode }) {
  const [{ settings, footerNotices }, preview] = await Promise.all([getSiteData(), isPreviewing()])
  return (
    <>
      <SkipLinks />
      {preview && <PreviewBanner />}
      <SiteHeader siteName={settings.siteName} sections={settings.sections} />
      <main id={MAIN_CONTENT_ID} tabIndex={-1}>
        {children}
      </main>
      <SiteFooter settings={settings} notices={footerNotices} />
      {preview && <PreviewOverlay />}
    </>
  )
}
