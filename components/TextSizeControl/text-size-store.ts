import { DEFAULT_TEXT_SIZE, TEXT_SIZE_STORAGE_KEY, isTextSize, type TextSize } from './text-size'

/**
 * The current text size lives on `<html data-text-size>` (set early by TextSizeScript); this is a
 * tiny external store over it for useSyncExternalStore, shared by every control on the page.
 */
const listeners = new Set<() => void>()

export function readTextSize(): TextSize {
  const value = document.documentElement.dataset.textSize
  return isTextSize(value) ? value : DEFAULT_TEXT_SIZE
}

export function writeTextSize(size: TextSize): void {
  document.documentElement.dataset.textSize = size
  try {
    window.localStorage.setItem(TEXT_SIZE_STORAGE_KEY, size)
  } catch {
    // Storage unavailable (private mode, quota, disabled): the choice lasts for this page only.
  }
  listeners.forEach((listener) => listener())
}

/** Also follows changes made in other tabs. */
export function subscribeTextSize(listener: () => void): () => void {
  function onStorage(event: StorageEvent) {
    if (event.key !== TEXT_SIZE_STORAGE_KEY || !isTextSize(event.newValue)) return
    document.documentElement.dataset.textSize = event.newValue
    listener()
  }
  listeners.add(listener)
  window.addEventListener('storage', onStorage)
  return () => {
    listeners.delete(listener)
    window.removeEventListener('storage', onStorage)
  }
}

export function serverTextSize(): TextSize {
  return DEFAULT_TEXT_SIZE
}
