export { BreakingNewsBanner } from './BreakingNewsBanner'
export { isBreakingNewsActive } from './is-breaking-news-active'
