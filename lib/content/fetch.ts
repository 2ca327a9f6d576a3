import { getPublishedClient } from '@/lib/sanity'

/**
 * Next's fetch extension (`next: {tags}`), which @sanity/client forwards to `fetch` when it runs
 * in Next. Typed here rather than through Next's global `RequestInit` augmentation, which only
 * exists once `next-env.d.ts` has been generated.
 */
type NextFetchOptions = { next: { tags: string[]; revalidate?: number | false } }
type FetchOptions = Parameters<ReturnType<typeof getPublishedClient>['fetch']>[2]

/**
 * Runs a published-perspective query, tagged for on-demand revalidation. Errors (lake or API
 * unreachable, query refused) propagate: the page shows its error boundary, never a false 404.
 */
export async function fetchContent(query: string, params: Record<string, unknown>, tags: string[]): Promise<unknown> {
  const options: NextFetchOptions = { next: { tags } }
  return getPublishedClient().fetch<unknown>(query, params, options as unknown as FetchOptions)
}
