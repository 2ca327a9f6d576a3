export { Pagination } from './Pagination'
