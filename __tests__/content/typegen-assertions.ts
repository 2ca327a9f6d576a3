/**
 * Compile-time check that every query's zod model agrees with the type Sanity TypeGen derives
 * from the schema for the same query: a value the model accepts must be a value of the generated
 * type. Part of `tsc --noEmit`; `models-match-typegen.test.ts` compiles this file so `npm test`
 * fails too when they drift (after a schema or query change, run `npm run typegen`).
 */
import type { z } from 'zod'
import type {
  ArchiveDayQueryResult,
  FirstPublishedQueryResult,
  PeriodCountQueryResult,
  PeriodDatesQueryResult,
  SectionQueryResult,
  SectionStoryCountQueryResult,
  SectionStoriesQueryResult,
  SitemapSectionsQueryResult,
  ArticleBySlugQueryResult,
  ArticleSlugsQueryResult,
  BreakingNewsQueryResult,
  HomeStoriesQueryResult,
  SearchQueryResult,
  SectionLatestQueryResult,
  SiteSettingsQueryResult,
  SitemapArticlesQueryResult,
} from '@/sanity.types'
import type { archiveDayModel, periodCountModel, periodDatesModel, publishedAtModel } from '@/lib/content/archive'
import type { searchModel } from '@/lib/content/search-query'
import type { sitemapArticlesModel, sitemapSectionsModel } from '@/lib/content/sitemaps'
import type { articleBySlugModel, sectionLatestModel } from '@/lib/content/article'
import type { breakingNewsModel } from '@/lib/content/breaking'
import type { homeStoriesModel } from '@/lib/content/home'
import type { sectionModel, sectionStoriesModel, sectionStoryCountModel } from '@/lib/content/section'
import type { siteSettingsModel } from '@/lib/content/site'
import type { articleSlugsModel } from '@/lib/content/slugs'

type IsAssignable<A, B> = [A] extends [B] ? true : false
type Assert<T extends true> = T

export type ModelsMatchTypegen = [
  Assert<IsAssignable<z.infer<typeof articleBySlugModel>, ArticleBySlugQueryResult>>,
  Assert<IsAssignable<z.infer<typeof breakingNewsModel>, BreakingNewsQueryResult>>,
  Assert<IsAssignable<z.infer<typeof homeStoriesModel>, HomeStoriesQueryResult>>,
  Assert<IsAssignable<z.infer<typeof sectionModel>, SectionQueryResult>>,
  Assert<IsAssignable<z.infer<typeof sectionStoryCountModel>, SectionStoryCountQueryResult>>,
  Assert<IsAssignable<z.infer<typeof sectionStoriesModel>, SectionStoriesQueryResult>>,
  Assert<IsAssignable<z.infer<typeof siteSettingsModel>, SiteSettingsQueryResult>>,
  Assert<IsAssignable<z.infer<typeof articleSlugsModel>, ArticleSlugsQueryResult>>,
  Assert<IsAssignable<z.infer<typeof sectionLatestModel>, SectionLatestQueryResult>>,
  Assert<IsAssignable<z.infer<typeof publishedAtModel>, FirstPublishedQueryResult>>,
  Assert<IsAssignable<z.infer<typeof periodCountModel>, PeriodCountQueryResult>>,
  Assert<IsAssignable<z.infer<typeof periodDatesModel>, PeriodDatesQueryResult>>,
  Assert<IsAssignable<z.infer<typeof archiveDayModel>, ArchiveDayQueryResult>>,
  Assert<IsAssignable<z.infer<typeof searchModel>, SearchQueryResult>>,
  Assert<IsAssignable<z.infer<typeof sitemapSectionsModel>, SitemapSectionsQueryResult>>,
  Assert<IsAssignable<z.infer<typeof sitemapArticlesModel>, SitemapArticlesQueryResult>>,
]
