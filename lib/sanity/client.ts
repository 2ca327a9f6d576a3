import { createClient, type ClientConfig, type SanityClient } from '@sanity/client'
import { readSanityEnv, type SanityEnv } from './env'
import { siteReaderToken } from './site-reader-token'

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

type Cached = { key: string; client: SanityClient }
const clients = new Map<'published' | 'uncached', Cached>()

/** The client for `config`, made once per distinct configuration (re-made if the env changes). */
function clientFor(kind: 'published' | 'uncached', config: ClientConfig): SanityClient {
  const key = JSON.stringify(config)
  const cached = clients.get(kind)
  if (cached?.key === key) return cached.client
  const client = createClient(config)
  clients.set(kind, { key, client })
  return client
}

/**
 * With the embedded lake, the site's reads carry the site reader credential (site-reader-token.ts):
 * published content only, as anonymous, but with a share of the lake's workers of their own.
 */
function readerConfig(): ClientConfig {
  const token = siteReaderToken()
  return { ...clientConfigFor(readSanityEnv()), ...(token ? { token } : {}) }
}

/** Client for published content (anonymous, or as the site reader with the lake); safe anywhere on the server. */
export function getPublishedClient(): SanityClient {
  return clientFor('published', readerConfig())
}

/**
 * Client for published content, like `getPublishedClient`, that asks the API itself (never Sanity's CDN: something
 * published a moment ago must be seen) without retries (a check that fails answers at once). For
 * the front door's checks (published slugs, notice regions).
 */
export function getUncachedPublishedClient(): SanityClient {
  return clientFor('uncached', { ...readerConfig(), useCdn: false, maxRetries: 0 })
}
