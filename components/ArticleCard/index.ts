export { ArticleCard } from './ArticleCard'
