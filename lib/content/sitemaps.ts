/**
 * The sitemap index and its children (ADR 0016). `/sitemap.xml` is a sitemap index listing
 * `/sitemaps/pages.xml` (home, archive, sections) and, for each year with stories, one or more
 * `/sitemaps/articles/<year>-<part>.xml`: that year's stories in publication order (oldest first,
 * ties by `_id`), `SITEMAP_URLS_PER_FILE` (≤ 50,000) per part. A year's parts only grow at the
 * end as stories are published, so a child's URL keeps listing the same stories; together the
 * children list every published story. Queries beside their zod models; fetches tagged like the
 * other distribution endpoints.
 */
import { defineQuery } from 'next-sanity'
import { z } from 'zod'
import { readSettings } from '@/lib/sanity/settings'
import { ARCHIVE_PATH, periodRange } from './archive-dates'
import { getYearCounts } from './archive'
import { DISTRIBUTION_TAGS, type SitemapEntry } from './distribution'
import { fetchContent } from './fetch'
import { documentId, isoDateTime, isValidArticleSlug, slugString } from './models/primitives'
import { articleHref, sectionHref } from './map'
import { parseEach } from './parse'
import { sitemapIndexPaths } from './sitemap-files'

export const sitemapUrlsPerFile = () => readSettings().distribution.sitemapUrlsPerFile

export async function getSitemapIndexPaths(perFile = sitemapUrlsPerFile()): Promise<string[]> {
  return sitemapIndexPaths(await getYearCounts(), perFile)
}

// ---------------------------------------------------------------------------------------------
// The pages' sitemap: home, archive, sections (lastmod: their newest story's change)

export const sitemapPagesQuery = defineQuery(`{
  "latest": {
    "published": *[_type == "article" && defined(slug.current)] | order(publishedAt desc)[0].publishedAt,
    "updated": *[_type == "article" && defined(slug.current) && defined(updatedAt)] | order(updatedAt desc)[0].updatedAt
  },
  "sections": *[_type == "section" && defined(slug.current)] | order(title asc){
    _id,
    "slug": slug.current,
    "published": *[_type == "article" && defined(slug.current) && section._ref == ^._id] | order(publishedAt desc)[0].publishedAt,
    "updated": *[_type == "article" && defined(slug.current) && section._ref == ^._id && defined(updatedAt)] | order(updatedAt desc)[0].updatedAt
  }
}`)

const latestResult = z.object({ published: isoDateTime.nullable(), updated: isoDateTime.nullable() })
const sitemapSectionResult = latestResult.extend({ _id: documentId, slug: slugString(60) })
export const sitemapPagesModel = z.object({ latest: latestResult, sections: z.array(sitemapSectionResult) })

const newer = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : Date.parse(b) > Date.parse(a) ? b : a)

export async function getPagesSitemapEntries(): Promise<SitemapEntry[]> {
  return toPagesSitemapEntries(await fetchContent(sitemapPagesQuery, {}, DISTRIBUTION_TAGS))
}

export function toPagesSitemapEntries(raw: unknown): SitemapEntry[] {
  // Sections are parsed one by one below: a broken one is left out, not the whole sitemap.
  const shell = sitemapPagesModel.extend({ sections: z.array(z.unknown()) }).safeParse(raw)
  if (!shell.success) throw new Error('sitemap: the content service answered with an unexpected shape')
  const sections = parseEach(sitemapSectionResult, shell.data.sections, { query: 'sitemapPages', id: 'list', path: ['sections'], outcome: 'section left out' })
  const newest = newer(shell.data.latest.published, shell.data.latest.updated)
  return [
    { path: '/', lastModified: newest },
    { path: ARCHIVE_PATH, lastModified: newest },
    ...sections.map((section) => ({ path: sectionHref(section.slug), lastModified: newer(section.published, section.updated) })),
  ]
}

// ---------------------------------------------------------------------------------------------
// A year's stories, one part

export const sitemapArticlesQuery = defineQuery(`*[_type == "article" && defined(slug.current) && publishedAt >= $from && publishedAt < $to] | order(publishedAt asc, _id asc)[$start...$end]{
  _id, "slug": slug.current, publishedAt, updatedAt
}`)

const sitemapArticleResult = z.object({ _id: documentId, slug: slugString(), publishedAt: isoDateTime, updatedAt: isoDateTime.nullable() })
export const sitemapArticlesModel = z.array(sitemapArticleResult)

/** Part `part` of the stories of `year` (lastmod: the editor's "Updated" time, else publication); empty past the last part. */
export async function getArticleSitemapEntries(year: number, part: number, perFile = sitemapUrlsPerFile()): Promise<SitemapEntry[]> {
  const { from, to } = periodRange({ level: 'year', year })
  const raw = await fetchContent(sitemapArticlesQuery, { from, to, start: (part - 1) * perFile, end: part * perFile }, DISTRIBUTION_TAGS)
  return toArticleSitemapEntries(raw)
}

export function toArticleSitemapEntries(raw: unknown): SitemapEntry[] {
  if (!Array.isArray(raw)) throw new Error('sitemap: the content service answered with an unexpected shape')
  return parseEach(sitemapArticleResult, raw, { query: 'sitemapArticles', id: 'list', path: [], outcome: 'article left out' })
    .filter((article) => isValidArticleSlug(article.slug))
    .map((article) => ({ path: articleHref(article.slug), lastModified: article.updatedAt ?? article.publishedAt }))
}
