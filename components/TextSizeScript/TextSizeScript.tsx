import { TEXT_SIZES, TEXT_SIZE_STORAGE_KEY } from '@/components/TextSizeControl/text-size'

/**
 * Runs in `<head>` before first paint: applies the stored size (if valid) to
 * `<html data-text-size>`, so there is no flash and no layout shift. Storage can throw (private
 * mode, disabled cookies): then nothing happens and the page stays at MD, as without JS.
 */
export const TEXT_SIZE_SCRIPT = `(function(){try{var s=window.localStorage.getItem(${JSON.stringify(
  TEXT_SIZE_STORAGE_KEY,
)});if(${JSON.stringify(TEXT_SIZES)}.indexOf(s)!==-1){document.documentElement.dataset.textSize=s}}catch(e){}})();`

export function TextSizeScript() {
  return <script dangerouslySetInnerHTML={{ __html: TEXT_SIZE_SCRIPT }} />
}
