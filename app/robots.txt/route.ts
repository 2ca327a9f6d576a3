/** GET /robots.txt — crawl rules and the two sitemaps (absolute URLs from the site settings). */
import { robotsTxt } from '@/lib/content/distribution-documents'
import { TEXT_CONTENT_TYPE, textResponse, withTrustedSettings } from '@/lib/content/distribution-response'

/** Static; a change to the site settings revalidates it. */
export const revalidate = 3600

export async function GET(): Promise<Response> {
  return withTrustedSettings(({ settings }) => textResponse(robotsTxt(settings.baseUrl), TEXT_CONTENT_TYPE))
}
