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

/*
 * One `*` a query (see archive.ts): the newest publication and update overall and per section,
 * and the sections. A few small queries at once, on a page rendered once per publish at most.
 * `> ""` keeps to dates that are strings: a story without one would sort first in a descending
 * order (GROQ puts null last ascending) and hide the newest date, and a content lake reads its
 * date index from the strings on.
 */
export const sitemapSectionsQuery = defineQuery(`*[_type == "section" && defined(slug.current)] | order(title asc){_id, "slug": slug.current}`)
export const latestPublishedQuery = defineQuery(`*[_type == "article" && defined(slug.current) && publishedAt > ""] | order(publishedAt desc)[0].publishedAt`)
export const latestUpdatedQuery = defineQuery(`*[_type == "article" && defined(slug.current) && updatedAt > ""] | order(updatedAt desc)[0].updatedAt`)
export const sectionLatestPublishedQuery = defineQuery(`*[_type == "article" && defined(slug.current) && publishedAt > "" && section._ref == $section] | order(publishedAt desc)[0].publishedAt`)
export const sectionLatestUpdatedQuery = defineQuery(`*[_type == "article" && defined(slug.current) && updatedAt > "" && section._ref == $section] | order(updatedAt desc)[0].updatedAt`)

const sitemapSectionResult = z.object({ _id: documentId, slug: slugString(60) })
export const sitemapSectionsModel = z.array(sitemapSectionResult)
const latestModel = isoDateTime.nullable()

const newer = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : Date.parse(b) > Date.parse(a) ? b : a)

/** The newest publication or update, of every story or of a section's (`section`: its `_id`). */
async function latestChange(section: string | null): Promise<string | null> {
  const [published, updated] = await Promise.all(
    (section === null ? [latestPublishedQuery, latestUpdatedQuery] : [sectionLatestPublishedQuery, sectionLatestUpdatedQuery]).map(async (query) => {
      const parsed = latestModel.safeParse(await fetchContent(query, section === null ? {} : { section }, DISTRIBUTION_TAGS))
      if (!parsed.success) throw new Error('sitemap: the content service answered with an unexpected shape')
      return parsed.data
    }),
  )
  return newer(published, updated)
}

export async function getPagesSitemapEntries(): Promise<SitemapEntry[]> {
  const raw = await fetchContent(sitemapSectionsQuery, {}, DISTRIBUTION_TAGS)
  if (!Array.isArray(raw)) throw new Error('sitemap: the content service answered with an unexpected shape')
  const sections = parseEach(sitemapSectionResult, raw, { query: 'sitemapPages', id: 'list', path: ['sections'], outcome: 'section left out' })
  const [newest, ...bySection] = await Promise.all([latestChange(null), ...sections.map((section) => latestChange(section._id))])
  return [
    { path: '/', lastModified: newest },
    { path: ARCHIVE_PATH, lastModified: newest },
    ...sections.map((section, i) => ({ path: sectionHref(section.slug), lastModified: bySection[i] })),
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
