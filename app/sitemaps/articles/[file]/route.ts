/**
 * GET /sitemaps/articles/<year>-<part>.xml — part of a year's stories, oldest first,
 * SITEMAP_URLS_PER_FILE per part (ADR 0016). A file name that names no part with stories is a 404
 * (the front door answers it before this route for well-formed names past the last part).
 */
import { sitemapXml } from '@/lib/content/distribution-documents'
import { TEXT_CONTENT_TYPE, XML_CONTENT_TYPE, textResponse, withTrustedSettings } from '@/lib/content/distribution-response'
import { parseArticleSitemapFile } from '@/lib/content/sitemap-files'
import { getArticleSitemapEntries } from '@/lib/content/sitemaps'

type Context = { params: Promise<{ file: string }> }

/** Each part is rendered on its first request and cached; a publish revalidates it (content tags). */
export const revalidate = 3600
export const dynamicParams = true

export function generateStaticParams(): { file: string }[] {
  return []
}

const notFound = () => new Response('No such sitemap.\n', { status: 404, headers: { 'content-type': TEXT_CONTENT_TYPE, 'cache-control': 'no-store' } })

export async function GET(_request: Request, { params }: Context): Promise<Response> {
  const named = parseArticleSitemapFile((await params).file)
  if (!named) return notFound()
  return withTrustedSettings(async ({ settings }) => {
    const entries = await getArticleSitemapEntries(named.year, named.part)
    return entries.length === 0 ? notFound() : textResponse(sitemapXml(entries, settings.baseUrl), XML_CONTENT_TYPE)
  })
}
