export { TextSizeControl } from './TextSizeControl'
export { TEXT_SIZE_STORAGE_KEY } from './text-size'
