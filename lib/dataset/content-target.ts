import { createClient, type SanityClient } from '@sanity/client'
import fs from 'node:fs'
import path from 'node:path'
import { clientConfigFor } from '../sanity/client'
import { serverTokenFor } from '../sanity/lake-token'
import { readSettings, type Settings } from '../sanity/settings'

/**
 * Where `import`/`export` read and write:
 * - `sanity`: a real project (SANITY_PROJECT_ID set), over the HTTP API with SANITY_API_TOKEN;
 * - `lake-server`: a running embedded lake (answers `/health` at its URL), over the same HTTP API,
 *   so its listeners and caches see the change;
 * - `lake-store`: no server running, but a lake database exists in LAKE_DATA_DIR — opened in-process.
 * With neither a running lake nor a database, nothing is created: the command refuses to run.
 */
export type ContentTarget =
  | { kind: 'sanity'; client: SanityClient; description: string }
  | { kind: 'lake-server'; client: SanityClient; description: string }
  | { kind: 'lake-store'; dataDir: string; description: string }

/** The lake's SQLite file inside its data folder (see lib/lake/sqlite.ts). */
const LAKE_DATABASE_FILE = 'lake.sqlite'

/** True when `dataDir` holds a lake database. */
export function hasLakeDatabase(dataDir: string): boolean {
  return fs.existsSync(path.join(dataDir, LAKE_DATABASE_FILE))
}

/** A folder as people like to read it: relative to the working directory when inside it. */
export function displayPath(folder: string): string {
  const relative = path.relative(process.cwd(), folder)
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : folder
}

/** True when something answers the lake's `/health` within `timeoutMs`. */
export async function isLakeServerRunning(url: string, timeoutMs = 750): Promise<boolean> {
  try {
    const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(timeoutMs) })
    return response.ok
  } catch {
    return false
  }
}

/** Thrown when there is no lake to read or write: names both places that were tried. */
export class NoLakeError extends Error {
  constructor(settings: Settings) {
    super(
      `No lake found: nothing answers at ${settings.lake.url} and there is no lake database in ` +
        `${displayPath(settings.lake.dataDir)}/. Start one with \`npm run lake\` (or \`npm start\`), or point ` +
        'LAKE_URL / LAKE_DATA_DIR at an existing one. Nothing was created.',
    )
    this.name = 'NoLakeError'
  }
}

export async function resolveContentTarget(settings: Settings = readSettings()): Promise<ContentTarget> {
  const sanity = settings.sanity
  if (sanity.backend === 'sanity') {
    if (!sanity.token) throw new Error('SANITY_PROJECT_ID is set but SANITY_API_TOKEN is not: a token is needed to read drafts and write.')
    const client = createClient({ ...clientConfigFor(sanity), useCdn: false, token: sanity.token, perspective: 'raw' })
    return { kind: 'sanity', client, description: `Sanity project ${sanity.projectId}, dataset ${sanity.dataset}` }
  }
  if (await isLakeServerRunning(settings.lake.url)) {
    const client = createClient({ ...clientConfigFor(sanity), useCdn: false, token: serverTokenFor(settings), perspective: 'raw' })
    return { kind: 'lake-server', client, description: `lake server at ${settings.lake.url}` }
  }
  const dataDir = settings.lake.dataDir
  if (!hasLakeDatabase(dataDir)) throw new NoLakeError(settings)
  return { kind: 'lake-store', dataDir, description: `lake store in ${displayPath(dataDir)}` }
}
