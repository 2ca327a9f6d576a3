import { SkipLink } from './SkipLink'

/** Ids the page layout must give its `<main>` and `<nav>` (both with tabIndex={-1}). */
export const MAIN_CONTENT_ID = 'main-content'
export const SITE_NAVIGATION_ID = 'site-navigation'

/**
 * Bypass blocks (WCAG 2.4.1): the first focusable elements on the page, visually hidden until
 * focused. Styles are global (`.skip-links`, `.skip-link` in app/globals.css).
 */
export function SkipLinks() {
  return (
    // A plain container, not a landmark: skip links should not add to the landmark list.
    <div className="skip-links">
      <SkipLink targetId={MAIN_CONTENT_ID}>Skip to main content</SkipLink>
      <SkipLink targetId={SITE_NAVIGATION_ID}>Skip to navigation</SkipLink>
    </div>
  )
}
