import type { Metadata } from 'next'
import { Pagination } from '@/components/Pagination'
import { SearchForm } from '@/components/SearchForm'
import { SearchResults } from '@/components/SearchResults'
import { searchStories, type SearchPage as Results } from '@/lib/content/search'
import { parseSearchRequest, SEARCH_LIMITS, SEARCH_PATH } from '@/lib/content/search-text'
import { getSiteData } from '@/lib/content/site'
import styles from '../lists.module.css'

type Props = { searchParams: Promise<{ q?: string | string[]; page?: string | string[] }> }

/**
 * Reader search (ADR 0016): a GET form, so it works without JavaScript and each search has a URL.
 * Rendered per request and never stored (Next sends `private, no-store`; the lake query is
 * `no-store` too), so distinct searches cannot fill the page or data cache. Bad input (too long,
 * too many words, a page number out of range) gets this page with the problem stated; the front
 * door answers it with status 400 and turns a flood of searches away with 503 (lib/routing).
 */
export const dynamic = 'force-dynamic'

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const request = parseSearchRequest(await searchParams)
  return {
    title: request.kind === 'search' ? `Search: ${request.text}${request.page > 1 ? `, page ${request.page}` : ''}` : 'Search',
    robots: { index: false, follow: true },
  }
}

const LOG_INTERVAL_MS = 30_000
let lastFailureLog = 0

/** The results, or null when the content service did not answer (one log line at most every 30 s). */
async function resultsOrNull(search: Parameters<typeof searchStories>[0]): Promise<Results | null> {
  try {
    return await searchStories(search)
  } catch (error) {
    if (Date.now() - lastFailureLog > LOG_INTERVAL_MS) {
      lastFailureLog = Date.now()
      console.error(`[search] the content service did not answer a search: ${error instanceof Error ? error.message : String(error)}`)
    }
    return null
  }
}

export default async function SearchPage({ searchParams }: Props) {
  const request = parseSearchRequest(await searchParams)
  const { settings } = await getSiteData()
  const results = request.kind === 'search' ? await resultsOrNull(request) : null
  return (
    <div className="container">
      <header className={styles.intro}>
        <h1>Search</h1>
      </header>
      <SearchForm
        action={SEARCH_PATH}
        maxChars={SEARCH_LIMITS.maxChars}
        maxWords={SEARCH_LIMITS.maxTerms}
        text={request.kind === 'empty' ? '' : request.text} error={request.kind === 'invalid' ? request.message : null}
      />
      {request.kind === 'search' && (
        <section aria-labelledby="search-results">
          <h2 id="search-results" className={styles.resultsHeading}>
            Results for “{request.text}”{request.page > 1 ? `, page ${request.page}` : ''}
          </h2>
          {results === null ? (
            <p role="status">Search is not available at the moment. Please try again in a little while, or browse the <a href="/archive">archive</a>.</p>
          ) : results.results.length > 0 ? (
            <>
              <SearchResults results={results.results} locale={settings.language} />
              <Pagination label="Pages of results" previous={results.previous} next={results.next} page={results.page} previousText="Previous results" nextText="More results" />
              {!results.next && results.page === SEARCH_LIMITS.maxPage && <p>That is as far as results go: add words to find older stories.</p>}
            </>
          ) : (
            <div role="status">
              <p>{request.page > 1 ? `There are no more results for “${request.text}”.` : `No stories match “${request.text}”.`}</p>
              <ul>
                <li>Check the spelling, or try fewer or different words (whole words only).</li>
                <li>
                  Browse every story by date in the <a href="/archive">archive</a>, or go to the <a href="/">home page</a>.
                </li>
              </ul>
            </div>
          )}
        </section>
      )}
    </div>
  )
}
