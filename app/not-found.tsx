import { SiteChrome } from './site-chrome'

export const metadata = { title: 'Page not found', robots: { index: false } }

/**
 * Rendered with a real 404 status by `notFound()` and for unknown URLs. It sits under the bare
 * root layout, so it brings the site's chrome itself.
 */
export default async function NotFound() {
  return SiteChrome({
    children: (
      <div className="container article">
        <h1>Page not found</h1>
        <p>We could not find the page you asked for. The story may have moved, been unpublished, or the address may be mistyped.</p>
        <ul>
          <li>
            <a href="/">Go to the home page for the latest news</a>
          </li>
          <li>Check the address for typing mistakes, or use the sections menu above.</li>
        </ul>
      </div>
    ),
  })
}
