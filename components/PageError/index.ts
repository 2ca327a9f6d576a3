export { PageError } from './PageError'
