/**
 * The embedded Content Lake: a small HTTP server speaking the Sanity HTTP API that
 * @sanity/client 7 uses, backed by SQLite. Standalone: imports nothing from Next.js or the app.
 */

import type { AddressInfo } from 'node:net'
import fs from 'node:fs'
import path from 'node:path'
import { rebaseAssetUrls } from './assets'
import { listenOnExtraPorts, type ExtraPorts } from './http/extra-ports'
import { createLakeHttpServer } from './http/server'
import { importNdjson } from './ndjson-import'
import type { QueryPoolOptions } from './query-pool'
import { LakeStore } from './store'
import { WebhookOutbox, type WebhookOptions } from './webhooks/outbox'

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
  /**
   * Default '127.0.0.1'. A non-loopback address (another interface's address) is refused unless
   * `allowNonLoopbackBind` is set; all interfaces (`0.0.0.0`, `::`) are always refused.
   */
  host?: string
  /** Allows `host` to be an address other than loopback (`127.x`, `::1`, `localhost`). Default false. */
  allowNonLoopbackBind?: boolean
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
  /**
   * The worker threads GROQ runs in (off the event loop; a query past its time limit has its
   * worker terminated): `workers` kept running (default 2), `maxWorkers` while long queries hold
   * them (default workers + 4), `queueLimit` waiting queries before a 503 (default 64),
   * `workerMemoryMb` heap per worker (default 1024).
   */
  queryPool?: QueryPoolOptions
  /** Time limit (ms) of one listener's filter over one committed transaction; default 1000. Past it the stream gets a `channelError` and closes. */
  listenFilterTimeoutMs?: number
  /**
   * Which assets (`sanity.imageAsset`/`sanity.fileAsset` documents and their `/images/…` files)
   * anonymous readers see. `referenced` (default, embargo-safe, stricter than Sanity's hosted
   * lake): only assets a published document references; an image used only by a draft or a
   * release is a 404 and absent from queries, `/data/doc` and listen until its document is
   * published. `all`: every asset, like Sanity. Authenticated requests always see every asset.
   */
  publicAssets?: 'referenced' | 'all'
  /**
   * Host names the lake answers besides `127.0.0.1`, `localhost`, `[::1]`, `*.localhost` and
   * `host`; any other `Host` header gets a 403 `hostNotAllowed` (DNS-rebinding protection).
   * E.g. `['lake.internal']` when the site reaches the lake by that name.
   */
  allowedHosts?: string[]
  /** Open connections per client address; past it a 429 `tooManyConnections`. Default 128. */
  maxConnectionsPerClient?: number
  /** Open listen (SSE) streams per client address; past it a 429 `tooManyListeners`. Default 96 (a Studio tab holds about 12). */
  maxListenStreamsPerClient?: number
  /** Image renders running at once, one libvips thread each. Default: all cores but one. */
  maxConcurrentImageRenders?: number
  /** Image renders waiting for a slot; past it a 503 `imageRenderBusy` with `Retry-After`. Default 16. */
  maxQueuedImageRenders?: number
  /**
   * Publish webhooks: after every commit that changes a published document, a signed POST of
   * `{_id, _type, slug, previousSlug, operation}` to each URL, through a durable outbox.
   */
  webhooks?: WebhookOptions
  /**
   * Exact origins of the Studio pages whose editors sign in with a session cookie (e.g.
   * `http://localhost:3000`, `http://127.0.0.1:3000`): the sign-in page returns only to these, and
   * only these may send the cookie (CORS with credentials, Origin checked on writes). Default none.
   */
  studioOrigins?: readonly string[]
  /** Extra ports for Studio's listen streams (lib/lake/http/extra-ports.ts); default 8, 0 for none. */
  listenPortCount?: number
  log?: (message: string) => void
}

export interface RunningLakeServer {
  url: string
  port: number
  /** The extra ports Studio's listen streams use. */
  listenPorts: number[]
  close(): Promise<void>
  store: LakeStore
}

/** Whether `host` is a loopback name or address: `localhost`, `127.0.0.0/8`, `::1`. */
function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase()
  return bare === 'localhost' || bare === '::1' || bare === '::ffff:127.0.0.1' || /^127(\.\d{1,3}){3}$/.test(bare)
}

/** Queues webhooks in each commit's transaction and delivers them after it (and any left from a previous run now). */
function startWebhookOutbox(store: LakeStore, opts: WebhookOptions): WebhookOutbox {
  const outbox = new WebhookOutbox(store.database.db, opts)
  store.onTransaction((tx) => outbox.enqueue(tx))
  store.onCommit(() => outbox.wake())
  outbox.wake()
  return outbox
}

/**
 * Opens (creating if needed) the store in `dataDir` for in-process use by trusted code (content
 * CLI, benchmark, tests): its GROQ runs on the calling thread (`queryIsolation: 'inProcess'`).
 */
export function openLakeStore(dataDir: string, opts: { projectId?: string; dataset?: string } = {}): LakeStore {
  return new LakeStore(dataDir, { ...opts, queryIsolation: 'inProcess' })
}

export async function startLakeServer(opts: StartLakeServerOptions): Promise<RunningLakeServer> {
  const host = opts.host ?? '127.0.0.1'
  if (host === '0.0.0.0' || host === '::' || host === '') throw new Error('The lake only binds to a loopback or specific interface, never all interfaces')
  if (!isLoopbackHost(host) && !opts.allowNonLoopbackBind) {
    throw new Error(`The lake binds to loopback only (127.0.0.1, ::1, localhost); "${host}" is not loopback: set the allowNonLoopbackBind option to serve another interface`)
  }
  const store = new LakeStore(opts.dataDir, {
    projectId: opts.projectId,
    dataset: opts.dataset,
    queryTimeoutMs: opts.queryTimeoutMs,
    publicAssets: opts.publicAssets,
    queryIsolation: 'workers',
    queryPool: opts.queryPool,
    listenFilterTimeoutMs: opts.listenFilterTimeoutMs,
  })
  let baseUrl = `http://${host}:${opts.port ?? 3030}`
  try {
    if (opts.seedDir && store.countDocuments() === 0) {
      const file = path.join(opts.seedDir, 'data.ndjson')
      if (fs.existsSync(file)) await importNdjson(store, file, { mode: 'create', baseUrl: () => baseUrl })
    }
    const outbox = opts.webhooks?.urls.length ? startWebhookOutbox(store, { log: opts.log, ...opts.webhooks }) : null
    let extraPorts: ExtraPorts | null = null
    const { server, closeStreams } = createLakeHttpServer(store, {
      token: opts.token,
      baseUrl: () => baseUrl,
      keepAliveMs: opts.keepAliveMs,
      log: opts.log,
      allowedHosts: [...(opts.allowedHosts ?? []), host],
      maxConnectionsPerClient: opts.maxConnectionsPerClient,
      maxListenStreamsPerClient: opts.maxListenStreamsPerClient,
      maxConcurrentImageRenders: opts.maxConcurrentImageRenders,
      maxQueuedImageRenders: opts.maxQueuedImageRenders,
      studioOrigins: opts.studioOrigins,
      listenPorts: () => extraPorts?.ports ?? [],
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(opts.port ?? 3030, host, () => {
        server.off('error', reject)
        resolve()
      })
    })
    const port = (server.address() as AddressInfo).port
    extraPorts = await listenOnExtraPorts(server, host, opts.listenPortCount ?? 8)
    baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
    rebaseAssetUrls(store, baseUrl)
    let closing: Promise<void> | null = null
    return {
      url: baseUrl,
      port,
      listenPorts: extraPorts.ports,
      store,
      close() {
        closing ??= (async () => {
          closeStreams()
          // The extra ports' connections belong to the main server: they end with its own.
          const extraClosed = extraPorts?.close()
          await new Promise<void>((resolve) => {
            server.close(() => resolve())
            server.closeAllConnections()
          })
          await extraClosed
          await outbox?.close()
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
