/**
 * The locale rule shared by rendering (dates, lists of agencies) and the plain-HTML builders of the
 * content boundary: a site language Intl cannot use falls back to English instead of throwing.
 */

/** The locale itself when Intl accepts it, otherwise "en". */
export function supportedLocale(locale: string): string {
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? 'en'
  } catch {
    return 'en'
  }
}
