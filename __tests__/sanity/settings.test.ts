import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { generateToken, readOrCreateLakeToken, serverTokenFor } from '@/lib/sanity/lake-token'
import { MIN_TOKEN_LENGTH, readSettings, SETTINGS, SettingsError } from '@/lib/sanity/settings'

const env = (vars: Record<string, string>) => vars as unknown as NodeJS.ProcessEnv

describe('readSettings', () => {
  it('has defaults for everything, resolved against the working directory', () => {
    const settings = readSettings(env({}), '/srv/site')
    expect(settings).toEqual({
      sanity: { backend: 'lake', projectId: 'local', dataset: 'production', apiVersion: '2025-02-19', apiHost: 'http://127.0.0.1:3030', token: undefined },
      lake: {
        port: 3030,
        url: 'http://127.0.0.1:3030',
        dataDir: '/srv/site/.lake',
        seedDir: '/srv/site/content',
        webhookUrls: [],
        studioOrigins: ['http://localhost:3000', 'http://127.0.0.1:3000'],
      },
      site: { port: 3000, host: '127.0.0.1', regionHeaders: ['x-vercel-ip-country', 'cf-ipcountry'] },
      webhook: { secret: undefined },
      cache: { redisUrl: undefined, pageCacheMaxBytes: 1024 * 1024 * 1024 },
      distribution: { sitemapUrlsPerFile: 50_000 },
      edge: { purge: { tier: 'none' }, sharedMaxAgeSeconds: 60, varnishPort: 6081 },
    })
  })

  it('reads PAGE_CACHE_MAX_MB (megabytes) and SITEMAP_URLS_PER_FILE', () => {
    expect(readSettings(env({ PAGE_CACHE_MAX_MB: '64', SITEMAP_URLS_PER_FILE: '25' }))).toMatchObject({
      cache: { pageCacheMaxBytes: 64 * 1024 * 1024 },
      distribution: { sitemapUrlsPerFile: 25 },
    })
  })

  it('reads REGION_HEADER as a lower-cased list of header names and refuses anything else', () => {
    expect(readSettings(env({ REGION_HEADER: ' CF-IPCountry , x-geo ' })).site.regionHeaders).toEqual(['cf-ipcountry', 'x-geo'])
    for (const bad of ['x geo', 'x-geo,(bad)', ',']) {
      expect(() => readSettings(env({ REGION_HEADER: bad }))).toThrow(SettingsError)
    }
  })

  it('treats an empty variable as unset (LAKE_PORT="" is the default port, never a random one)', () => {
    expect(readSettings(env({ LAKE_PORT: '', PORT: ' ', LAKE_DATA_DIR: '' }), '/x')).toMatchObject({
      lake: { port: 3030, dataDir: '/x/.lake' },
      site: { port: 3000 },
    })
  })

  it.each([
    ['PORT', '0'],
    ['LAKE_PORT', 'abc'],
    ['LAKE_PORT', '3030x'],
    ['PORT', '99999'],
    ['LAKE_URL', 'not a url'],
    ['LAKE_URL', 'ftp://127.0.0.1:3030'],
    ['LAKE_URL', 'http://127.0.0.1:3030/?token=x'],
    ['SANITY_DATASET', 'Bad Name'],
    ['SANITY_API_VERSION', 'yesterday'],
    ['SANITY_PROJECT_ID', 'ABC!'],
    ['SANITY_API_TOKEN', 'short'],
    ['SANITY_API_TOKEN', 'has white space in the middle of it, which no token has'],
    ['HOST', 'bad host/'],
    ['SANITY_WEBHOOK_SECRET', 'short'],
    ['LAKE_WEBHOOK_URLS', 'http://127.0.0.1:3000/api/revalidate, not-a-url'],
    ['LAKE_WEBHOOK_URLS', 'http://user:pw@127.0.0.1/'],
    ['REDIS_URL', 'http://127.0.0.1:6379'],
    ['REDIS_URL', 'not a url'],
    ['PAGE_CACHE_MAX_MB', '0'],
    ['PAGE_CACHE_MAX_MB', '2GB'],
    ['SITEMAP_URLS_PER_FILE', '0'],
    ['SITEMAP_URLS_PER_FILE', '50001'],
    ['SITEMAP_URLS_PER_FILE', '1e3'],
  ])('refuses %s=%j with an error naming the variable', (name, value) => {
    let error: unknown
    try {
      readSettings(env({ [name]: value }))
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(SettingsError)
    expect((error as SettingsError).variable).toBe(name)
    expect((error as Error).message.startsWith(`${name}: `)).toBe(true)
  })

  it('accepts short tokens only for a real project (Sanity issues its own)', () => {
    expect(readSettings(env({ SANITY_PROJECT_ID: 'abc123', SANITY_API_TOKEN: 'sk123' })).sanity.token).toBe('sk123')
  })

  it('reads a comma-separated list of webhook URLs', () => {
    expect(readSettings(env({ LAKE_WEBHOOK_URLS: ' http://127.0.0.1:3000/api/revalidate , https://site.example/api/revalidate' })).lake.webhookUrls).toEqual([
      'http://127.0.0.1:3000/api/revalidate',
      'https://site.example/api/revalidate',
    ])
  })

  it('reads LAKE_STUDIO_ORIGINS as origins, defaulting to the site port on localhost and 127.0.0.1', () => {
    expect(readSettings(env({ PORT: '4100' }), '/srv/site').lake.studioOrigins).toEqual(['http://localhost:4100', 'http://127.0.0.1:4100'])
    expect(readSettings(env({ LAKE_STUDIO_ORIGINS: 'http://localhost:3000/studio, https://studio.example ' }), '/srv/site').lake.studioOrigins).toEqual([
      'http://localhost:3000',
      'https://studio.example',
    ])
    expect(() => readSettings(env({ LAKE_STUDIO_ORIGINS: 'javascript:alert(1)' }), '/srv/site')).toThrow(/LAKE_STUDIO_ORIGINS/)
  })

  it('reads REDIS_URL (redis:// or rediss://) and never repeats its password in an error', () => {
    expect(readSettings(env({ REDIS_URL: ' redis://:secret@10.0.0.5:6379/0 ' })).cache.redisUrl).toBe('redis://:secret@10.0.0.5:6379/0')
    expect(readSettings(env({ REDIS_URL: 'rediss://cache.example:6380' })).cache.redisUrl).toBe('rediss://cache.example:6380')
    expect(() => readSettings(env({ REDIS_URL: 'https://:hunter2hunter2@cache.example' }))).toThrow(/^REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL, not https:$/)
  })

  it('keeps absolute folders and trims a LAKE_URL trailing slash', () => {
    const settings = readSettings(env({ LAKE_DATA_DIR: '/tmp/lake/', LAKE_URL: 'http://127.0.0.1:5000/lake/' }))
    expect(settings.lake.dataDir).toBe('/tmp/lake')
    expect(settings.lake.url).toBe('http://127.0.0.1:5000/lake')
    expect(settings.sanity.apiHost).toBe('http://127.0.0.1:5000/lake')
  })
})

describe('the lake token', () => {
  let dir: string
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'token-'))
  })
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('is generated long enough for Sanity Studio, stored with mode 0600, and read back', () => {
    expect(generateToken().length).toBeGreaterThanOrEqual(MIN_TOKEN_LENGTH)
    const created = readOrCreateLakeToken(dir)
    expect(created.created).toBe(true)
    expect(created.token.length).toBeGreaterThanOrEqual(MIN_TOKEN_LENGTH)
    expect(fs.statSync(created.file).mode & 0o777).toBe(0o600)
    expect(readOrCreateLakeToken(dir)).toEqual({ ...created, created: false })
    expect(serverTokenFor(readSettings(env({ LAKE_DATA_DIR: dir })))).toBe(created.token)
  })

  it('replaces a stored token that is too short to be one of ours', () => {
    fs.writeFileSync(path.join(dir, 'token'), 'short\n')
    const { token, created } = readOrCreateLakeToken(dir)
    expect(created).toBe(true)
    expect(token).not.toBe('short')
  })

  it('prefers SANITY_API_TOKEN and never creates a token file when reading', () => {
    const token = 'x'.repeat(40)
    expect(serverTokenFor(readSettings(env({ LAKE_DATA_DIR: dir, SANITY_API_TOKEN: token })))).toBe(token)
    expect(serverTokenFor(readSettings(env({ LAKE_DATA_DIR: dir })))).toBeUndefined()
    expect(fs.existsSync(path.join(dir, 'token'))).toBe(false)
  })
})

describe('the README', () => {
  it('documents exactly the variables the settings module reads', () => {
    const readme = fs.readFileSync(path.join(__dirname, '../../README.md'), 'utf8')
    const table = readme.slice(readme.indexOf('## Environment variables'))
    const documented = [...table.matchAll(/^\| `([A-Z_]+)`/gm)].map((match) => match[1])
    expect(documented).toEqual(SETTINGS.map((setting) => setting.name))
  })
})
