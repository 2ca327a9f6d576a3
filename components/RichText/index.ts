export { SafeLink } from './SafeLink'
export { richTextComponents } from './rich-text-components'
