/**
 * GET /articles/<slug>/lite — the lite article (zero JavaScript, inline CSS, one small image),
 * reached through the front door (lib/routing/front-door.ts), which rewrites it here with the reader's audience (`everyone`, or a
 * region some notice names). Prerendered per (slug, audience) and revalidated on publish, like
 * the full page; the same content fetch and zod models as the full page.
 */
import { getArticleBySlug } from '@/lib/content/article'
import { getSmallLeadImage } from '@/lib/content/article-images'
import { EVERYONE, isAudience, noticesFor } from '@/lib/content/audience'
import { getNoticeRegionList } from '@/lib/content/notice-region-list'
import { getSiteData } from '@/lib/content/site'
import { stegaClean } from '@/lib/content/stega'
import { getArticleSlugs } from '@/lib/content/slugs'
import { LITE_IMAGE_WIDTH, LITE_IMAGE_WIDTH_2X, litePageHtml } from '../lite-html'

type Context = { params: Promise<{ slug: string; audience: string }> }

export const revalidate = 3600
export const dynamicParams = true

export async function generateStaticParams(): Promise<{ slug: string; audience: string }[]> {
  const [slugs, regions] = await Promise.all([getArticleSlugs(), getNoticeRegionList()])
  return slugs.flatMap((slug) => [EVERYONE, ...regions].map((audience) => ({ slug, audience })))
}

const NOT_FOUND_HTML = '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Not found</title></head><body><h1>This story could not be found</h1><p><a href="/">Home</a></p></body></html>\n'

export async function GET(_request: Request, { params }: Context): Promise<Response> {
  const { slug, audience } = await params
  const [found, { settings, trusted }] = await Promise.all([getArticleBySlug(slug), getSiteData()])
  // No JavaScript here, so no click-to-edit: the lite page never carries draft mode's stega.
  const article = found && stegaClean(found)
  if (!article || !isAudience(audience)) {
    return new Response(NOT_FOUND_HTML, { status: 404, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } })
  }
  const [small, large] = article.leadFigure ? await Promise.all([getSmallLeadImage(slug, LITE_IMAGE_WIDTH), getSmallLeadImage(slug, LITE_IMAGE_WIDTH_2X)]) : [null, null]
  const url2x = large && small && large.width > small.width ? large.url : null
  const image = article.leadFigure && small ? { ...article.leadFigure, url: small.url, url2x, width: small.width, height: small.height } : null
  const canonicalUrl = trusted ? new URL(article.href, `${settings.baseUrl}/`).toString() : article.href
  const html = litePageHtml({ article, settings, notices: noticesFor(article.legalNotices, audience), image, canonicalUrl })
  return new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8' } })
}
