export { TagList } from './TagList'
