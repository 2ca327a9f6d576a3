import type { Metadata } from 'next'
import type { ReactNode } from 'react'
import { TextSizeScript } from '@/components/TextSizeScript'
import { getSiteData } from '@/lib/content/site'
import { feedAlternateTypes } from './feed-alternate'

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

/**
 * The document itself, shared by reader pages and the Studio. The site's chrome and styles live in
 * `app/(site)/layout.tsx` (and the not-found page), so the Studio at /studio gets a bare body:
 * its popovers, attached to <body>, sit above nothing of ours.
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const { settings } = await getSiteData()
  return (
    // The text-size script sets data-text-size on <html> before hydration.
    <html lang={settings.language} suppressHydrationWarning>
      <head>
        <TextSizeScript />
      </head>
      <body>{children}</body>
    </html>
  )
}
