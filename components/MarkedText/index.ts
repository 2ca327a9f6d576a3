export { MarkedText } from './MarkedText'
