/**
 * Every setting the site, the lake and the scripts read from the environment, read and validated
 * in one place. The README's "Environment variables" table documents `SETTINGS` (a test keeps the
 * two in step). A bad value throws a `SettingsError` naming the variable; processes print it and
 * stop. No file-system access here (see `lake-token.ts` for the lake's generated token).
 */
import { EDGE_CACHE_SETTINGS, readEdgeCacheSettings, type EdgeCacheSettings } from './edge-cache-settings'

import { DEFAULT_PAGE_CACHE_MAX_MB, parsePageCacheMaxMb } from '../cache/page-cache-limit'

export const DEFAULT_API_VERSION = '2025-02-19'
export const DEFAULT_DATASET = 'production'
export const DEFAULT_LAKE_PORT = 3030
export const DEFAULT_SITE_PORT = 3000
/** Where CDNs put the reader's country: Vercel, then Cloudflare. */
export const DEFAULT_REGION_HEADERS = ['x-vercel-ip-country', 'cf-ipcountry'] as const
/** The project id the embedded lake answers to (any value works; this one names it). */
export const LAKE_PROJECT_ID = 'local'
/** Sanity Studio refuses shorter tokens; the lake's generated tokens are longer. */
export const MIN_TOKEN_LENGTH = 32
/** sitemaps.org: a sitemap file lists at most 50,000 URLs. */
export const MAX_SITEMAP_URLS_PER_FILE = 50_000

export interface SettingDoc {
  name: string
  default: string
  meaning: string
}

/** The documented variables, in README order. */
export const SETTINGS: readonly SettingDoc[] = [
  { name: 'SANITY_PROJECT_ID', default: 'unset → embedded lake', meaning: 'a real Sanity project id' },
  { name: 'SANITY_DATASET', default: 'production', meaning: 'dataset name' },
  { name: 'SANITY_API_VERSION', default: DEFAULT_API_VERSION, meaning: 'API version (published perspective by default)' },
  { name: 'SANITY_API_TOKEN', default: 'lake: generated into `$LAKE_DATA_DIR/token`', meaning: `token for drafts and writes (server only; at least ${MIN_TOKEN_LENGTH} characters with the lake)` },
  { name: 'SANITY_WEBHOOK_SECRET', default: 'lake: generated into `$LAKE_DATA_DIR/webhook-secret` by `npm start`', meaning: 'the secret that signs publish webhooks to `/api/revalidate`' },
  { name: 'LAKE_PORT', default: String(DEFAULT_LAKE_PORT), meaning: "the lake's port (always bound to 127.0.0.1; an explicit 0 picks any free port)" },
  { name: 'LAKE_URL', default: 'http://127.0.0.1:$LAKE_PORT', meaning: 'where the site finds the lake' },
  { name: 'LAKE_DATA_DIR', default: '.lake/', meaning: "the lake's SQLite database and images (seeded from `LAKE_SEED_DIR` when empty)" },
  { name: 'LAKE_SEED_DIR', default: 'content/', meaning: 'the NDJSON export (+ images) a new lake is seeded from' },
  { name: 'LAKE_STUDIO_ORIGINS', default: 'http://localhost:$PORT,http://127.0.0.1:$PORT', meaning: 'comma-separated origins of the Studio pages whose editors sign in to the lake (session cookie; ADR 0012)' },
  { name: 'LAKE_WEBHOOK_URLS', default: '`npm start`: the site\'s own `/api/revalidate` (every instance\'s with `--instances N`)', meaning: 'comma-separated URLs the lake sends signed publish webhooks to' },
  { name: 'PORT', default: String(DEFAULT_SITE_PORT), meaning: 'where `npm start` serves the site' },
  { name: 'HOST', default: '127.0.0.1', meaning: 'the address `npm start` binds the site to' },
  { name: 'REDIS_URL', default: 'unset → each instance caches on its own disk', meaning: 'a `redis://` or `rediss://` URL: every site instance shares one page and fetch cache there (docs/deploying.md)' },
  { name: 'SITE_STATE_DIR', default: '`.next/cache/newsroom/`', meaning: "where the site keeps publishes (tag revalidation times), accepted webhook deliveries and ended draft sessions on disk (SQLite, 0700/0600), beside the page cache they apply to" },
  { name: 'PAGE_CACHE_MAX_MB', default: String(DEFAULT_PAGE_CACHE_MAX_MB), meaning: "disk the page and fetch cache may use on each instance (`.next/`); past it the least recently used pages are deleted and render again when next asked for (ADR 0016)" },
  { name: 'SITEMAP_URLS_PER_FILE', default: String(MAX_SITEMAP_URLS_PER_FILE), meaning: 'story URLs per child sitemap of `/sitemap.xml` (1–50,000; smaller files for crawlers with limits, and for tests)' },
  { name: 'REGION_HEADER', default: DEFAULT_REGION_HEADERS.join(','), meaning: "comma-separated request headers holding the reader's country (ISO 3166-1 alpha-2, set by the CDN); the first one present decides which region-only legal notices show" },
  ...EDGE_CACHE_SETTINGS,
]

export class SettingsError extends Error {
  constructor(readonly variable: string, message: string) {
    super(`${variable}: ${message}`)
    this.name = 'SettingsError'
  }
}

export interface SanitySettings {
  backend: 'lake' | 'sanity'
  projectId: string
  dataset: string
  apiVersion: string
  /** Base URL of the HTTP API: the lake's address, or undefined for Sanity's own hosts. */
  apiHost: string | undefined
  /** SANITY_API_TOKEN; with the lake and no variable, the generated token is read by `lake-token.ts`. */
  token: string | undefined
}

export interface LakeSettings {
  port: number
  url: string
  dataDir: string
  seedDir: string
  /** LAKE_WEBHOOK_URLS: where the lake POSTs publish webhooks (empty: none). */
  webhookUrls: string[]
  /** LAKE_STUDIO_ORIGINS: origins of the Studio pages that may use editor sessions. */
  studioOrigins: string[]
}

export interface SiteSettings {
  port: number
  host: string
  /** REGION_HEADER: request headers (lower case) that carry the reader's country, in order. */
  regionHeaders: string[]
}

export interface WebhookSettings {
  /** SANITY_WEBHOOK_SECRET: checks the signature of publish webhooks (undefined: webhooks are refused). */
  secret: string | undefined
}

export interface CacheSettings {
  /** REDIS_URL: the shared page and fetch cache (read by next.config.js and lib/cache/); undefined: Next's file-system cache. */
  redisUrl: string | undefined
  /** SITE_STATE_DIR (read by lib/cache/site-state-db.js); undefined: `.next/cache/newsroom` in the site's folder. */
  stateDir: string | undefined
  /** PAGE_CACHE_MAX_MB in bytes: the disk cap of the file-system page cache (read again by lib/cache/bounded-file-cache.js). */
  pageCacheMaxBytes: number
}

export interface DistributionSettings {
  /** SITEMAP_URLS_PER_FILE: story URLs per child sitemap. */
  sitemapUrlsPerFile: number
}

export interface Settings {
  sanity: SanitySettings
  lake: LakeSettings
  site: SiteSettings
  webhook: WebhookSettings
  cache: CacheSettings
  /** The cache tier in front (edge-cache-settings.ts). */
  edge: EdgeCacheSettings
  distribution: DistributionSettings
}

type Env = NodeJS.ProcessEnv | Record<string, string | undefined>

/** A variable's value, trimmed; empty counts as unset. */
function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim()
  return value ? value : undefined
}

/** A TCP port; `allowAny` also accepts an explicit 0 (any free port, for a lake started by tests). */
function readPort(env: Env, name: string, fallback: number, allowAny = false): number {
  const raw = read(env, name)
  if (raw === undefined) return fallback
  const port = Number(raw)
  const min = allowAny ? 0 : 1
  if (!/^\d+$/.test(raw) || !Number.isInteger(port) || port < min || port > 65535) {
    throw new SettingsError(name, `"${raw}" is not a TCP port (${min}–65535)`)
  }
  return port
}

function readPattern(env: Env, name: string, fallback: string, pattern: RegExp, what: string): string {
  const value = read(env, name) ?? fallback
  if (!pattern.test(value)) throw new SettingsError(name, `"${value}" is not ${what}`)
  return value
}

function readToken(env: Env, backend: SanitySettings['backend']): string | undefined {
  const token = read(env, 'SANITY_API_TOKEN')
  if (token && /\s/.test(token)) throw new SettingsError('SANITY_API_TOKEN', 'contains white space')
  if (token && backend === 'lake' && token.length < MIN_TOKEN_LENGTH) {
    throw new SettingsError('SANITY_API_TOKEN', `is ${token.length} characters; the lake (and Sanity Studio) need at least ${MIN_TOKEN_LENGTH}`)
  }
  return token
}

function readSecret(env: Env, name: string): string | undefined {
  const secret = read(env, name)
  if (secret && secret.length < 16) throw new SettingsError(name, `is ${secret.length} characters; use at least 16 random characters`)
  return secret
}

function parseHttpUrl(name: string, raw: string): URL {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new SettingsError(name, `"${raw}" is not a URL`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SettingsError(name, `"${raw}" must be an http(s) URL`)
  if (url.username || url.password) throw new SettingsError(name, `"${raw}" must not contain credentials`)
  return url
}

/** A comma-separated list of HTTP header names, lower-cased. */
function readHeaderNames(env: Env, name: string, fallback: readonly string[]): string[] {
  const raw = read(env, name)
  if (!raw) return [...fallback]
  const names = raw.split(',').map((item) => item.trim().toLowerCase()).filter(Boolean)
  const bad = names.find((header) => !/^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(header))
  if (bad !== undefined || names.length === 0) throw new SettingsError(name, `"${raw}" is not a comma-separated list of header names`)
  return names
}

function readUrlList(env: Env, name: string): string[] {
  const raw = read(env, name)
  if (!raw) return []
  return raw.split(',').map((item) => item.trim()).filter(Boolean).map((item) => parseHttpUrl(name, item).toString())
}

/** LAKE_STUDIO_ORIGINS as origins (`http://host:port`); default: the site's port on localhost and 127.0.0.1. */
function readStudioOrigins(env: Env): string[] {
  const raw = read(env, 'LAKE_STUDIO_ORIGINS')
  if (!raw) {
    const sitePort = readPort(env, 'PORT', DEFAULT_SITE_PORT)
    return [`http://localhost:${sitePort}`, `http://127.0.0.1:${sitePort}`]
  }
  return raw.split(',').map((item) => item.trim()).filter(Boolean).map((item) => parseHttpUrl('LAKE_STUDIO_ORIGINS', item).origin)
}

function readRedisUrl(env: Env): string | undefined {
  const raw = read(env, 'REDIS_URL')
  if (!raw) return undefined
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new SettingsError('REDIS_URL', 'is not a URL')
  }
  // The value may hold a password: it is never repeated in the message.
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new SettingsError('REDIS_URL', `must be a redis:// or rediss:// URL, not ${url.protocol}`)
  return raw
}

function readPageCacheMaxBytes(env: Env): number {
  try {
    return parsePageCacheMaxMb(read(env, 'PAGE_CACHE_MAX_MB')) * 1024 * 1024
  } catch (error) {
    throw new SettingsError('PAGE_CACHE_MAX_MB', (error as Error).message)
  }
}

function readSitemapUrlsPerFile(env: Env): number {
  const raw = read(env, 'SITEMAP_URLS_PER_FILE')
  if (raw === undefined) return MAX_SITEMAP_URLS_PER_FILE
  const value = Number(raw)
  if (!/^\d+$/.test(raw) || value < 1 || value > MAX_SITEMAP_URLS_PER_FILE) {
    throw new SettingsError('SITEMAP_URLS_PER_FILE', `"${raw.slice(0, 40)}" is not a whole number from 1 to ${MAX_SITEMAP_URLS_PER_FILE}`)
  }
  return value
}

function readLakeUrl(env: Env, port: number): string {
  const raw = read(env, 'LAKE_URL')
  if (!raw) return `http://127.0.0.1:${port}`
  const url = parseHttpUrl('LAKE_URL', raw)
  if (url.search || url.hash) throw new SettingsError('LAKE_URL', `"${raw}" must not have a query, fragment or credentials`)
  return raw.replace(/\/+$/, '')
}

function readDir(env: Env, name: string, fallback: string, cwd: string): string {
  const value = read(env, name) ?? fallback
  if (value.includes('\0')) throw new SettingsError(name, 'contains a NUL character')
  return value.startsWith('/') ? value.replace(/(.)\/+$/, '$1') : `${cwd.replace(/\/+$/, '')}/${value.replace(/^\.\/|\/+$/g, '')}`
}

/** Reads and validates every setting. `cwd` resolves relative folders (default: the working directory). */
export function readSettings(env: Env = process.env, cwd: string = process.cwd()): Settings {
  // Called on hot paths (the front door, every client and image URL): parse once per distinct input.
  const key = `${cwd}\0${SETTINGS.map((setting) => env[setting.name] ?? '').join('\0')}`
  if (lastRead?.env === env && lastRead.key === key) {
    if ('error' in lastRead) throw lastRead.error
    return lastRead.settings
  }
  try {
    const settings = parseSettings(env, cwd)
    lastRead = { env, key, settings }
    return settings
  } catch (error) {
    lastRead = { env, key, error }
    throw error
  }
}

/** The last input and its outcome (settings, or the error it threw). */
let lastRead: ({ env: Env; key: string } & ({ settings: Settings } | { error: unknown })) | undefined

function parseSettings(env: Env, cwd: string): Settings {
  const projectId = read(env, 'SANITY_PROJECT_ID')
  if (projectId && !/^[a-z0-9][a-z0-9-]{0,63}$/.test(projectId)) {
    throw new SettingsError('SANITY_PROJECT_ID', `"${projectId}" may only contain a-z, 0-9 and dashes`)
  }
  const backend = projectId ? 'sanity' : 'lake'
  const dataset = readPattern(env, 'SANITY_DATASET', DEFAULT_DATASET, /^[a-z0-9][-\w]{0,63}$/, 'a valid dataset name (lower-case letters, digits, - and _)')
  const apiVersion = readPattern(env, 'SANITY_API_VERSION', DEFAULT_API_VERSION, /^(\d{4}-\d{2}-\d{2}|1|X)$/, 'a date like 2025-02-19')
  const lakePort = readPort(env, 'LAKE_PORT', DEFAULT_LAKE_PORT, true)
  const lakeUrl = readLakeUrl(env, lakePort)
  const lake: LakeSettings = {
    port: lakePort,
    url: lakeUrl,
    dataDir: readDir(env, 'LAKE_DATA_DIR', '.lake', cwd),
    seedDir: readDir(env, 'LAKE_SEED_DIR', 'content', cwd),
    webhookUrls: readUrlList(env, 'LAKE_WEBHOOK_URLS'),
    studioOrigins: readStudioOrigins(env),
  }
  const host = read(env, 'HOST') ?? '127.0.0.1'
  if (!/^[\w.:[\]-]+$/.test(host)) throw new SettingsError('HOST', `"${host}" is not a host name or address`)
  return {
    sanity: {
      backend,
      projectId: projectId ?? LAKE_PROJECT_ID,
      dataset,
      apiVersion,
      apiHost: backend === 'lake' ? lakeUrl : undefined,
      token: readToken(env, backend),
    },
    lake,
    site: { port: readPort(env, 'PORT', DEFAULT_SITE_PORT), host, regionHeaders: readHeaderNames(env, 'REGION_HEADER', DEFAULT_REGION_HEADERS) },
    webhook: { secret: readSecret(env, 'SANITY_WEBHOOK_SECRET') },
    cache: { redisUrl: readRedisUrl(env), stateDir: read(env, 'SITE_STATE_DIR'), pageCacheMaxBytes: readPageCacheMaxBytes(env) },
    distribution: { sitemapUrlsPerFile: readSitemapUrlsPerFile(env) },
    edge: readEdgeCacheSettings(env, (variable, message) => {
      throw new SettingsError(variable, message)
    }),
  }
}

/** For command-line entry points: the settings, or the offending variable printed and exit code 2. */
export function readSettingsOrExit(label: string, env: Env = process.env): Settings {
  try {
    return readSettings(env)
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error
    console.error(`[${label}] invalid setting ${error.message}`)
    process.exit(2)
  }
}
