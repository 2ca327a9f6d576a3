/**
 * The regions legal notices are addressed to, for prerendering each article's region variants
 * (app/articles/[slug]/region/[region], the lite page's audiences). Tagged with `type:legalNotice`.
 */
import { fetchContent } from './fetch'
import { noticeRegionsModel, noticeRegionsQuery } from './notice-regions'
import { regionCode } from './models/primitives'
import { typeTag } from './tags'

export async function getNoticeRegionList(): Promise<string[]> {
  const raw = await fetchContent(noticeRegionsQuery, {}, [typeTag('legalNotice')])
  const parsed = noticeRegionsModel.safeParse(raw)
  if (!parsed.success) {
    console.error('[content] noticeRegions (list): (root): expected an array of region lists (no region variant prerendered)')
    return []
  }
  const codes = parsed.data.flatMap((list) => list ?? []).filter((code): code is string => regionCode.safeParse(code).success)
  return [...new Set(codes)].sort()
}
