/** GET /sitemap.xml — every published article and section (lastmod: the editor's "Updated" time). */
import { getSitemapEntries } from '@/lib/content/distribution'
import { sitemapXml } from '@/lib/content/distribution-documents'
import { XML_CONTENT_TYPE, textResponse, withTrustedSettings } from '@/lib/content/distribution-response'

/** Static; a publish revalidates it (its fetches carry the content tags). */
export const revalidate = 3600

export async function GET(): Promise<Response> {
  return withTrustedSettings(async ({ settings }) => textResponse(sitemapXml(await getSitemapEntries(), settings.baseUrl), XML_CONTENT_TYPE))
}
