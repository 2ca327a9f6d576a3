export { SiteHeader } from './SiteHeader'
