export { TextSizeControl } from './TextSizeControl'
export {
  TEXT_SIZES,
  TEXT_SIZE_STORAGE_KEY,
  DEFAULT_TEXT_SIZE,
  isTextSize,
  type TextSize,
} from './text-size'
