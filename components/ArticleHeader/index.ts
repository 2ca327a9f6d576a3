export { ArticleHeader } from './ArticleHeader'
