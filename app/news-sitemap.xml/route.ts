/** GET /news-sitemap.xml — Google News sitemap: articles of the last two days (valid and empty when none). */
import { getNewsSitemapEntries } from '@/lib/content/distribution'
import { newsSitemapXml } from '@/lib/content/distribution-documents'
import { XML_CONTENT_TYPE, textResponse, withTrustedSettings } from '@/lib/content/distribution-response'

/** Static; a publish revalidates it, and every 10 minutes the two-day window moves on. */
export const revalidate = 600

export async function GET(): Promise<Response> {
  return withTrustedSettings(async ({ settings }) => textResponse(newsSitemapXml(await getNewsSitemapEntries(new Date()), settings), XML_CONTENT_TYPE))
}
