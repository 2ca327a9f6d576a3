export { SearchForm } from './SearchForm'
