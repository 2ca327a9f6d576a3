/**
 * The content boundary: pages call these and get view models (lib/content/view-models.ts).
 * Nothing here knows which backend answers; lib/sanity decides.
 */
export { getArticleBySlug, articleBySlugQuery } from './article'
export { getArticleSlugs, articleSlugsQuery } from './slugs'
export { getBreakingNews, breakingNewsQuery } from './breaking'
export { getHomeStories, homeStoriesQuery, type HomeData } from './home'
export { getSectionBySlug, sectionBySlugQuery, type SectionPageData } from './section'
export { getSiteData, siteSettingsQuery, type SiteData } from './site'
export { documentModels, validateStoredDocument } from './documents'
export { tagsForDocument, typeTag, documentTag, articleSlugTag, SITE_SETTINGS_TAG } from './tags'
export { isValidArticleSlug } from './models/primitives'
