/**
 * Where `content import` writes, behind one interface: which of a list of ids the target already
 * holds (references to them resolve; in `create` mode they are conflicts), and the writing pass.
 * The embedded lake's store is read with SQL; a running lake or a Sanity project with GROQ through
 * @sanity/client (`*[_id in $ids]._id`, raw perspective, in chunks).
 */

import type { SanityClient } from '@sanity/client'
import { importNdjson, openLakeStore, type LakeStore } from '../lake'
import { importThroughClient, type ImportMode } from './client-import'
import type { ContentTarget } from './content-target'

export interface ImportTarget {
  description: string
  /** The ids among `ids` that exist in the target (exact ids: a draft does not stand in for its document). */
  existingIds(ids: readonly string[]): Promise<Set<string>>
  /** Writes the (already checked) file; `onProgress` hears documents written and bytes read. */
  write(file: string, mode: ImportMode, onProgress: (documents: number, bytes: number) => void): Promise<{ documents: number; assets: number }>
  close(): Promise<void>
}

const STORE_CHUNK = 5000
const CLIENT_CHUNK = 500

export function openImportTarget(target: ContentTarget): ImportTarget {
  return target.kind === 'lake-store' ? storeTarget(openLakeStore(target.dataDir), target.description) : clientTarget(target.client, target.description)
}

function storeTarget(store: LakeStore, description: string): ImportTarget {
  return {
    description,
    async existingIds(ids) {
      const found = new Set<string>()
      for (let i = 0; i < ids.length; i += STORE_CHUNK) {
        const chunk = ids.slice(i, i + STORE_CHUNK)
        for (const id of store.database.queries.ids({ sql: 'id IN (SELECT value FROM json_each(?))', params: [JSON.stringify(chunk)] })) found.add(id)
      }
      return found
    },
    async write(file, mode, onProgress) {
      const load = () => importNdjson(store, file, { mode, onProgress: ({ documents, bytes }) => onProgress(documents, bytes ?? 0) })
      const result = await store.database.bulkLoad(load)
      store.database.search.optimize() // one search segment: the imported archive is searched at once
      return result
    },
    close: () => store.close(),
  }
}

function clientTarget(client: SanityClient, description: string): ImportTarget {
  return {
    description,
    async existingIds(ids) {
      const found = new Set<string>()
      for (let i = 0; i < ids.length; i += CLIENT_CHUNK) {
        const chunk = ids.slice(i, i + CLIENT_CHUNK)
        const existing = await client.fetch<string[]>('*[_id in $ids]._id', { ids: chunk }, { perspective: 'raw' })
        for (const id of existing) found.add(id)
      }
      return found
    },
    write: (file, mode, onProgress) => importThroughClient(client, file, mode, onProgress),
    close: async () => undefined,
  }
}
