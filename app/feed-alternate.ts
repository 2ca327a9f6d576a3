/** The site's RSS feed as a `<link rel="alternate">`, on every page (pages that set `alternates` repeat it). */
import { FEED_PATH } from '@/lib/content/distribution-documents'

export function feedAlternateTypes(siteName: string) {
  return { 'application/rss+xml': [{ url: FEED_PATH, title: `${siteName} RSS` }] }
}
