/** GET /sitemap.xml — the sitemap index: the pages' sitemap and each year's story sitemaps (ADR 0016). */
import { sitemapIndexXml } from '@/lib/content/distribution-documents'
import { XML_CONTENT_TYPE, textResponse, withTrustedSettings } from '@/lib/content/distribution-response'
import { getSitemapIndexPaths } from '@/lib/content/sitemaps'

/** Static; a publish revalidates it (its fetches carry the content tags). */
export const revalidate = 3600

export async function GET(): Promise<Response> {
  return withTrustedSettings(async ({ settings }) => textResponse(sitemapIndexXml(await getSitemapIndexPaths(), settings.baseUrl), XML_CONTENT_TYPE))
}
