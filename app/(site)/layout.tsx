import type { ReactNode } from 'react'
import { SiteChrome } from '../site-chrome'

/** Reader pages: the site's chrome around each page (the Studio at /studio has none of it). */
export default function SiteLayout({ children }: { children: ReactNode }) {
  return <SiteChrome>{children}</SiteChrome>
}
