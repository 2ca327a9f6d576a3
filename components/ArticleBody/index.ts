export { ArticleBody } from './ArticleBody'
