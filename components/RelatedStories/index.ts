export { RelatedStories } from './RelatedStories'
