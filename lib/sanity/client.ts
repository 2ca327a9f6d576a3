import { createClient, type SanityClient } from '@sanity/client'
import { readSanityEnv, type SanityEnv } from './env'

/**
 * The one place a Sanity client is made. The embedded lake and a real project differ only here:
 * the lake is addressed through `apiHost` with `useProjectHostname: false`.
 */
export function clientConfigFor(env: SanityEnv) {
  return {
    projectId: env.projectId,
    dataset: env.dataset,
    apiVersion: env.apiVersion,
    // The CDN only exists for real projects; the lake answers directly.
    useCdn: env.backend === 'sanity',
    perspective: 'published' as const,
    ...(env.apiHost ? { apiHost: env.apiHost, useProjectHostname: false } : {}),
  }
}

let published: { key: string; client: SanityClient } | undefined

/** Anonymous client for published content; safe anywhere on the server. Re-made if the env changes. */
export function getPublishedClient(): SanityClient {
  const env = readSanityEnv()
  const key = JSON.stringify(clientConfigFor(env))
  if (!published || published.key !== key) {
    published = { key, client: createClient(clientConfigFor(env)) }
  }
  return published.client
}
