export { StoryList } from './StoryList'
