export { SkipLinks, MAIN_CONTENT_ID, SITE_NAVIGATION_ID } from './SkipLinks'
