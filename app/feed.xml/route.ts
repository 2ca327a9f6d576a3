/** GET /feed.xml — RSS 2.0: the latest stories with absolute links, pubDate, description and full text. */
import { getFeedArticles } from '@/lib/content/distribution'
import { rssXml } from '@/lib/content/distribution-documents'
import { RSS_CONTENT_TYPE, textResponse, withTrustedSettings } from '@/lib/content/distribution-response'

/** Static; a publish revalidates it (its fetches carry the content tags). */
export const revalidate = 3600

export async function GET(): Promise<Response> {
  return withTrustedSettings(async ({ settings }) => textResponse(rssXml(await getFeedArticles(), settings, new Date()), RSS_CONTENT_TYPE))
}
