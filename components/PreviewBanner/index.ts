export { PreviewBanner, DRAFT_MODE_DISABLE_PATH } from './PreviewBanner'
