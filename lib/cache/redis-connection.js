// @ts-check
/**
 * The site server's one connection to the shared Redis (REDIS_URL), for the cache handler, the
 * publish webhook and draft-session revocations. Kept on `globalThis`, so Next's bundled route
 * code, the handler Next loads by path and the site's server share one client per process.
 *
 * Redis trouble never fails a request: commands time out after 500 ms; the client does not queue
 * while disconnected and reconnects by itself (back-off up to 2 s); after a failure callers skip
 * Redis for a second. One log line at most every 30 s (`[cache] Redis at host:port is
 * unavailable …`), and one when it answers again; the URL's credentials are never logged.
 * Listeners added with `onRedisReady` run each time the connection becomes ready.
 */
'use strict'

const { createClient } = require('redis')

/** A Redis command slower than this counts as Redis being down for this request. */
const COMMAND_TIMEOUT_MS = 500
/** After a failed command, requests skip Redis this long (the client keeps reconnecting). */
const FAILURE_BACKOFF_MS = 1000
const LOG_INTERVAL_MS = 30_000

/**
 * @typedef {ReturnType<typeof newClient>} RedisClient
 * @typedef {{ url: string | undefined, client: RedisClient | undefined, connecting: Promise<void> | undefined, label: string,
 *   failedAt: number, lastLog: number, wasDown: boolean, readyListeners: Set<() => void> }} ConnectionState
 */

const STATE = Symbol.for('newsroom.redisConnection')

/** @returns {ConnectionState} */
function state() {
  const holder = /** @type {{ [STATE]?: ConnectionState }} */ (/** @type {unknown} */ (globalThis))
  holder[STATE] ??= { url: undefined, client: undefined, connecting: undefined, label: '', failedAt: 0, lastLog: 0, wasDown: false, readyListeners: new Set() }
  return holder[STATE]
}

/** True when the site is configured with a shared Redis. */
function redisConfigured() {
  return Boolean(process.env.REDIS_URL?.trim())
}

/** REDIS_URL without credentials, for logs. */
function redisLabel() {
  try {
    const url = new URL(process.env.REDIS_URL ?? '')
    return `${url.hostname}:${url.port || 6379}`
  } catch {
    return 'REDIS_URL'
  }
}

/** @param {unknown} error */
function logRedisDown(error) {
  const shared = state()
  shared.failedAt = Date.now()
  shared.wasDown = true
  if (Date.now() - shared.lastLog < LOG_INTERVAL_MS) return
  shared.lastLog = Date.now()
  const reason = error instanceof Error ? error.message || error.name : String(error)
  console.error(`[cache] Redis at ${shared.label} is unavailable (${reason}): serving from this instance's local cache`)
}

function newClient() {
  return createClient({
    url: process.env.REDIS_URL,
    // Fail at once while disconnected instead of queueing behind a dead connection.
    disableOfflineQueue: true,
    commandOptions: { timeout: COMMAND_TIMEOUT_MS },
    socket: { connectTimeout: 1000, reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2000) },
  })
}

function connect() {
  const shared = state()
  shared.url = process.env.REDIS_URL
  shared.label = redisLabel()
  const client = newClient()
  client.on('error', logRedisDown)
  client.on('ready', () => {
    shared.failedAt = 0
    if (shared.wasDown) console.error(`[cache] Redis at ${shared.label} answers again: using the shared cache`)
    shared.wasDown = false
    for (const listener of shared.readyListeners) listener()
  })
  shared.connecting = client.connect().then(() => undefined, logRedisDown)
  // A build worker or a test must be able to exit with the connection open.
  client.unref()
  shared.client = client
}

/**
 * The connected client, or undefined while Redis is down (or just failed, or is not configured).
 * Connects on first use and waits for that first connection at most COMMAND_TIMEOUT_MS.
 * @returns {Promise<RedisClient | undefined>}
 */
async function usableRedis() {
  if (!redisConfigured()) return undefined
  const shared = state()
  if (!shared.client || shared.url !== process.env.REDIS_URL) connect()
  if (shared.connecting) {
    await Promise.race([shared.connecting, new Promise((resolve) => setTimeout(resolve, COMMAND_TIMEOUT_MS).unref())])
    shared.connecting = undefined
  }
  const client = /** @type {RedisClient} */ (shared.client)
  if (!client.isReady || Date.now() - shared.failedAt < FAILURE_BACKOFF_MS) return undefined
  return client
}

/**
 * Runs `listener` whenever the connection becomes ready (again); returns a function that removes it.
 * @param {() => void} listener
 */
function onRedisReady(listener) {
  const shared = state()
  shared.readyListeners.add(listener)
  return () => shared.readyListeners.delete(listener)
}

/** Closes the connection (and its reconnect timers); for tests and shutdown. */
async function disconnectRedis() {
  const shared = state()
  const client = shared.client
  shared.client = undefined
  shared.connecting = undefined
  if (client) await client.destroy()
}

module.exports = { redisConfigured, usableRedis, logRedisDown, onRedisReady, disconnectRedis }
