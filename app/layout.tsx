import type { Metadata } from 'next'
import type { ReactNode } from 'react'
import { SiteFooter } from '@/components/SiteFooter'
import { SiteHeader } from '@/components/SiteHeader'
import { MAIN_CONTENT_ID, SkipLinks } from '@/components/SkipLinks'
import { TextSizeScript } from '@/components/TextSizeScript'
import { PreviewBanner } from '@/components/PreviewBanner'
import { isPreviewing } from '@/lib/content/fetch'
import { getSiteData } from '@/lib/content/site'
import { feedAlternateTypes } from './feed-alternate'
import { PreviewOverlay } from './preview-overlay'
import './globals.css'

export async function generateMetadata(): Promise<Metadata> {
  const { settings, trusted } = await getSiteData()
  return {
    title: { default: settings.siteName, template: `%s | ${settings.siteName}` },
    description: settings.description ?? undefined,
    applicationName: settings.siteName,
    ...(trusted ? { metadataBase: new URL(settings.baseUrl) } : {}),
    openGraph: { siteName: settings.siteName, type: 'website' },
    alternates: { types: feedAlternateTypes(settings.siteName) },
    formatDetection: { telephone: false, address: false, email: false },
  }
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const [{ settings, footerNotices }, preview] = await Promise.all([getSiteData(), isPreviewing()])
  return (
    // The text-size script sets data-text-size on <html> before hydration.
    <html lang={settings.language} suppressHydrationWarning>
      <head>
        <TextSizeScript />
      </head>
      <body>
        <SkipLinks />
        {preview && <PreviewBanner />}
        <SiteHeader siteName={settings.siteName} sections={settings.sections} />
        <main id={MAIN_CONTENT_ID} tabIndex={-1}>
          {children}
        </main>
        <SiteFooter settings={settings} notices={footerNotices} />
        {preview && <PreviewOverlay />}
      </body>
    </html>
  )
}
