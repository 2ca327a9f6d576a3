import { cookies, draftMode } from 'next/headers'
import { DRAFT_SESSION_COOKIE, verifyDraftSession } from '@/lib/routing/draft-session'
import { currentDraftSessionKey } from '@/lib/routing/draft-session-key'
import { getPublishedClient } from '@/lib/sanity/client'
import { DRAFT_STEGA } from './stega'

/**
 * Next's fetch extension (`next: {tags}`), which @sanity/client forwards to `fetch` when it runs
 * in Next. Typed here rather than through Next's global `RequestInit` augmentation, which only
 * exists once `next-env.d.ts` has been generated.
 */
type NextFetchOptions = { next: { tags: string[]; revalidate?: number | false } }
type FetchOptions = Parameters<ReturnType<typeof getPublishedClient>['fetch']>[2]

/**
 * True while an editor previews drafts: Next's draft mode is on and the request carries a valid
 * draft session of ours (lib/routing/draft-session.ts), since Next's bypass cookie alone can be
 * read from the build. Outside a request (build-time params, tests) there is no draft mode.
 * Rendering a static page stays static: Next only renders per request with the cookie.
 */
export async function isPreviewing(): Promise<boolean> {
  try {
    if (!(await draftMode()).isEnabled) return false
    const session = (await cookies()).get(DRAFT_SESSION_COOKIE)?.value
    return (await verifyDraftSession(currentDraftSessionKey(), session)) !== null
  } catch {
    return false
  }
}

/**
 * Runs a query, tagged for on-demand revalidation: the published perspective for readers, or —
 * in draft mode only — the `drafts` perspective with the server's token, never cached. With
 * `editable` (the article query only), a draft-mode result also carries stega in its display
 * text (see stega.ts): the caller validates `stegaClean(result)` and puts the edit information
 * back on the display text only (edit-info.ts). Readers' results never carry any. With
 * `store: false` the result is not kept in Next's data cache (search results). Errors (lake or
 * API unreachable, query refused) propagate: the page shows its error boundary, never a false 404.
 */
export async function fetchContent(query: string, params: Record<string, unknown>, tags: string[], opts: { editable?: boolean; store?: boolean } = {}): Promise<unknown> {
  if (await isPreviewing()) {
    // Imported here so the token module is loaded only when an editor previews.
    const { getPreviewClient } = await import('@/lib/sanity/token')
    const options = { cache: 'no-store', ...(opts.editable ? { stega: DRAFT_STEGA } : {}) }
    return getPreviewClient().fetch<unknown>(query, params, options as unknown as FetchOptions)
  }
  // `store: false` (search): each distinct query would be an entry of Next's data cache.
  const options = opts.store === false ? { cache: 'no-store' } : ({ next: { tags } } satisfies NextFetchOptions)
  return getPublishedClient().fetch<unknown>(query, params, options as unknown as FetchOptions)
}
