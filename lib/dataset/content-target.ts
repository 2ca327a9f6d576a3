import { createClient, type SanityClient } from '@sanity/client'
import fs from 'node:fs'
import path from 'node:path'
import { clientConfigFor } from '../sanity/client'
import { lakeUrl, readSanityEnv } from '../sanity/env'

/**
 * Where `import`/`export` read and write:
 * - `sanity`: a real project (SANITY_PROJECT_ID set), over the HTTP API with SANITY_API_TOKEN;
 * - `lake-server`: a running embedded lake (answers `/health` at LAKE_URL / LAKE_PORT), over the
 *   same HTTP API, so its listeners and caches see the change;
 * - `lake-store`: no server running — the lake's SQLite store opened in-process in LAKE_DATA_DIR (`.lake`).
 */
export type ContentTarget =
  | { kind: 'sanity'; client: SanityClient; description: string }
  | { kind: 'lake-server'; client: SanityClient; description: string }
  | { kind: 'lake-store'; dataDir: string; description: string }

/** The lake's data folder: LAKE_DATA_DIR or `.lake`. */
export function lakeDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.LAKE_DATA_DIR || '.lake')
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

/** Token for writes to the lake: SANITY_API_TOKEN, else the one `npm run lake` keeps in <dataDir>/token. */
function lakeToken(env: NodeJS.ProcessEnv): string | undefined {
  if (env.SANITY_API_TOKEN?.trim()) return env.SANITY_API_TOKEN.trim()
  const file = path.join(lakeDataDir(env), 'token')
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() || undefined : undefined
}

export async function resolveContentTarget(env: NodeJS.ProcessEnv = process.env): Promise<ContentTarget> {
  const sanityEnv = readSanityEnv(env)
  if (sanityEnv.backend === 'sanity') {
    if (!sanityEnv.token) throw new Error('SANITY_PROJECT_ID is set but SANITY_API_TOKEN is not: a token is needed to read drafts and write.')
    const client = createClient({ ...clientConfigFor(sanityEnv), useCdn: false, token: sanityEnv.token, perspective: 'raw' })
    return { kind: 'sanity', client, description: `Sanity project ${sanityEnv.projectId}, dataset ${sanityEnv.dataset}` }
  }
  const url = lakeUrl(env)
  if (await isLakeServerRunning(url)) {
    const client = createClient({ ...clientConfigFor(sanityEnv), useCdn: false, token: lakeToken(env), perspective: 'raw' })
    return { kind: 'lake-server', client, description: `lake server at ${url}` }
  }
  const dataDir = lakeDataDir(env)
  return { kind: 'lake-store', dataDir, description: `lake store in ${displayPath(dataDir)}` }
}
