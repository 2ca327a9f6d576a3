export { SanityImage } from './SanityImage'
