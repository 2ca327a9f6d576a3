import 'server-only'
import { createClient, type SanityClient } from '@sanity/client'
import { clientConfigFor } from './client'
import { serverTokenFor } from './lake-token'
import { readSettings } from './settings'

/**
 * The one client that holds the server's token: draft-mode previews read the `drafts` perspective
 * with it, and draft mode's enable route checks preview secrets with it. `server-only` keeps this
 * module (and the token) out of every browser bundle; nothing outside draft mode calls it.
 */
export function getPreviewClient(): SanityClient {
  const settings = readSettings()
  const token = serverTokenFor(settings)
  if (!token) {
    throw new Error('No API token: set SANITY_API_TOKEN (with the embedded lake, `npm start` creates one in LAKE_DATA_DIR/token).')
  }
  return createClient({ ...clientConfigFor(settings.sanity), useCdn: false, perspective: 'drafts', token })
}
