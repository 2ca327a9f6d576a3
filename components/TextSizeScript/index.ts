export { TextSizeScript } from './TextSizeScript'
