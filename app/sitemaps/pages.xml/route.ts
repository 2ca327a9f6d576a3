/** GET /sitemaps/pages.xml — the home page, the archive and every section (lastmod: their newest story's change). */
import { sitemapXml } from '@/lib/content/distribution-documents'
import { XML_CONTENT_TYPE, textResponse, withTrustedSettings } from '@/lib/content/distribution-response'
import { getPagesSitemapEntries } from '@/lib/content/sitemaps'

/** Static; a publish revalidates it (its fetches carry the content tags). */
export const revalidate = 3600

export async function GET(): Promise<Response> {
  return withTrustedSettings(async ({ settings }) => textResponse(sitemapXml(await getPagesSitemapEntries(), settings.baseUrl), XML_CONTENT_TYPE))
}
