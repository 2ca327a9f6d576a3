import 'server-only'
import { createClient, type SanityClient } from '@sanity/client'
import { clientConfigFor } from './client'
import { readSanityEnv } from './env'

/**
 * Clients that hold the API token: drafts for preview, writes for the editor desk.
 * `server-only` keeps this module (and the token) out of every browser bundle.
 */
export function getAuthenticatedClient(perspective: 'drafts' | 'published' | 'raw' = 'drafts'): SanityClient {
  const env = readSanityEnv()
  if (!env.token) {
    throw new Error('SANITY_API_TOKEN is not set: previews and writes need a token with read/write access.')
  }
  return createClient({ ...clientConfigFor(env), useCdn: false, perspective, token: env.token })
}
