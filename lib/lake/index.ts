/**
 * The embedded Content Lake: a small HTTP server speaking the Sanity HTTP API that
 * @sanity/client 7 uses, backed by SQLite. Standalone: imports nothing from Next.js or the app.
 */

import type { AddressInfo } from 'node:net'
import fs from 'node:fs'
import path from 'node:path'
import { rebaseAssetUrls } from './assets'
import { createLakeHttpServer } from './http/server'
import { importNdjson } from './ndjson-import'
import { LakeStore } from './store'

export { LakeStore } from './store'
export type { MutateOptions, MutateResult, GetDocumentsResult } from './store'
export type { LakeDocument, QueryOptions, QueryResult, ReadOptions, CommittedTransaction } from './types'
export { LakeError } from './errors'
export { importNdjson, type ImportOptions, type ImportProgress } from './ndjson-import'
export { exportNdjson, type ExportOptions } from './ndjson-export'
export { uploadImage } from './assets'

export interface StartLakeServerOptions {
  /** SQLite file + assets live here; created if missing. */
  dataDir: string
  /** 0 = random free port; default 3030. */
  port?: number
  /** Default '127.0.0.1'. Binding to all interfaces is refused. */
  host?: string
  /** Bearer token required for drafts and writes. Without one, the lake is read-only and published-only. */
  token?: string
  /** Folder with data.ndjson + images/, imported when the store is empty (first start). */
  seedDir?: string
  /** Default 'local'. */
  projectId?: string
  /** Default 'production'. */
  dataset?: string
  /** Interval of SSE keep-alive comments; default 15 s. */
  keepAliveMs?: number
  /** GROQ evaluation time limit in ms (a 400 `queryTimeout` past it); default 10 s. */
  queryTimeoutMs?: number
  log?: (message: string) => void
}

export interface RunningLakeServer {
  url: string
  port: number
  close(): Promise<void>
  store: LakeStore
}

/** Opens (creating if needed) the store in `dataDir` for in-process use. */
export function openLakeStore(dataDir: string, opts: { projectId?: string; dataset?: string } = {}): LakeStore {
  return new LakeStore(dataDir, opts)
}

export async function startLakeServer(opts: StartLakeServerOptions): Promise<RunningLakeServer> {
  const host = opts.host ?? '127.0.0.1'
  if (host === '0.0.0.0' || host === '::') throw new Error('The lake only binds to a loopback or specific interface, never all interfaces')
  const store = new LakeStore(opts.dataDir, { projectId: opts.projectId, dataset: opts.dataset, queryTimeoutMs: opts.queryTimeoutMs })
  let baseUrl = `http://${host}:${opts.port ?? 3030}`
  try {
    if (opts.seedDir && store.countDocuments() === 0) {
      const file = path.join(opts.seedDir, 'data.ndjson')
      if (fs.existsSync(file)) await importNdjson(store, file, { mode: 'create', baseUrl: () => baseUrl })
    }
    const { server, closeStreams } = createLakeHttpServer(store, {
      token: opts.token,
      baseUrl: () => baseUrl,
      keepAliveMs: opts.keepAliveMs,
      log: opts.log,
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(opts.port ?? 3030, host, () => {
        server.off('error', reject)
        resolve()
      })
    })
    const port = (server.address() as AddressInfo).port
    baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
    rebaseAssetUrls(store, baseUrl)
    let closing: Promise<void> | null = null
    return {
      url: baseUrl,
      port,
      store,
      close() {
        closing ??= (async () => {
          closeStreams()
          await new Promise<void>((resolve) => {
            server.close(() => resolve())
            server.closeAllConnections()
          })
          await store.close()
        })()
        return closing
      },
    }
  } catch (err) {
    await store.close()
    throw err
  }
}
