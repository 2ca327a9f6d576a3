export { ArchiveLinks } from './ArchiveLinks'
