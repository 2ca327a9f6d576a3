export { TextSizeScript, TEXT_SIZE_SCRIPT } from './TextSizeScript'
