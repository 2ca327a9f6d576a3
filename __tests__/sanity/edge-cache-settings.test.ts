/**
 * The cache tier's variables (lib/sanity/edge-cache-settings.ts, read by readSettings): which
 * purge a publish sends, with what, and how long shared caches keep pages. A bad or stray value
 * stops the process naming the variable, and never repeats a token.
 */
import { readSettings, SettingsError } from '@/lib/sanity/settings'

const env = (vars: Record<string, string>) => vars as unknown as NodeJS.ProcessEnv
const edge = (vars: Record<string, string>) => readSettings(env(vars)).edge
const ZONE = '0123456789abcdef0123456789abcdef'
const TOKEN = 'tok_0123456789abcdefXYZ'

function failure(vars: Record<string, string>): SettingsError {
  try {
    edge(vars)
  } catch (error) {
    if (error instanceof SettingsError) return error
    throw error
  }
  throw new Error(`no error for ${JSON.stringify(vars)}`)
}

describe('edge cache settings', () => {
  it('purges nothing by default, and shared caches keep pages a minute', () => {
    expect(edge({})).toEqual({ purge: { tier: 'none' }, sharedMaxAgeSeconds: 60, varnishPort: 6081 })
  })

  it('Varnish: every purge URL (trailing slash dropped), pages kept an hour unless EDGE_CACHE_MAX_AGE says otherwise', () => {
    expect(edge({ EDGE_CACHE: 'varnish', VARNISH_PURGE_URLS: 'http://127.0.0.1:6081/, http://10.0.0.2:6081' })).toEqual({
      purge: { tier: 'varnish', urls: ['http://127.0.0.1:6081', 'http://10.0.0.2:6081'] },
      sharedMaxAgeSeconds: 3600,
      varnishPort: 6081,
    })
    expect(edge({ EDGE_CACHE: 'Varnish', VARNISH_PURGE_URLS: 'http://127.0.0.1:1', EDGE_CACHE_MAX_AGE: '5', VARNISH_PORT: '7000' })).toMatchObject({ sharedMaxAgeSeconds: 5, varnishPort: 7000 })
  })

  it('Fastly and Cloudflare: the service or zone, the token, and the API (https, or http on loopback)', () => {
    expect(edge({ EDGE_CACHE: 'fastly', FASTLY_SERVICE_ID: 'SU1Z0isxPaozGVKXdv0eY', FASTLY_API_TOKEN: TOKEN }).purge).toEqual({
      tier: 'fastly',
      serviceId: 'SU1Z0isxPaozGVKXdv0eY',
      token: TOKEN,
      apiUrl: 'https://api.fastly.com',
    })
    expect(edge({ EDGE_CACHE: 'cloudflare', CLOUDFLARE_ZONE_ID: ZONE, CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_API_URL: 'http://127.0.0.1:9999/client/v4/' }).purge).toEqual({
      tier: 'cloudflare',
      zoneId: ZONE,
      token: TOKEN,
      apiUrl: 'http://127.0.0.1:9999/client/v4',
    })
  })

  it.each([
    [{ EDGE_CACHE: 'akamai' }, 'EDGE_CACHE'],
    [{ EDGE_CACHE: 'varnish' }, 'VARNISH_PURGE_URLS'],
    [{ EDGE_CACHE: 'varnish', VARNISH_PURGE_URLS: 'ftp://x' }, 'VARNISH_PURGE_URLS'],
    [{ EDGE_CACHE: 'fastly', FASTLY_API_TOKEN: TOKEN }, 'FASTLY_SERVICE_ID'],
    [{ EDGE_CACHE: 'fastly', FASTLY_SERVICE_ID: 'abc' }, 'FASTLY_API_TOKEN'],
    [{ EDGE_CACHE: 'fastly', FASTLY_SERVICE_ID: 'abc', FASTLY_API_TOKEN: TOKEN, FASTLY_API_URL: 'http://api.example.com' }, 'FASTLY_API_URL'],
    [{ EDGE_CACHE: 'cloudflare', CLOUDFLARE_ZONE_ID: 'example.com', CLOUDFLARE_API_TOKEN: TOKEN }, 'CLOUDFLARE_ZONE_ID'],
    [{ EDGE_CACHE: 'cloudflare', CLOUDFLARE_ZONE_ID: ZONE, CLOUDFLARE_API_TOKEN: 'short' }, 'CLOUDFLARE_API_TOKEN'],
    [{ FASTLY_API_TOKEN: TOKEN }, 'FASTLY_API_TOKEN'],
    [{ EDGE_CACHE: 'varnish', VARNISH_PURGE_URLS: 'http://127.0.0.1:6081', CLOUDFLARE_ZONE_ID: ZONE }, 'CLOUDFLARE_ZONE_ID'],
    [{ EDGE_CACHE_MAX_AGE: '0' }, 'EDGE_CACHE_MAX_AGE'],
    [{ EDGE_CACHE_MAX_AGE: '1h' }, 'EDGE_CACHE_MAX_AGE'],
    [{ VARNISH_PORT: '70000' }, 'VARNISH_PORT'],
  ])('refuses %j naming %s', (vars, variable) => {
    expect(failure(vars).variable).toBe(variable)
  })

  it('never repeats a token in its message', () => {
    const bad = 'has a space in it but is otherwise long enough'
    const error = failure({ EDGE_CACHE: 'cloudflare', CLOUDFLARE_ZONE_ID: ZONE, CLOUDFLARE_API_TOKEN: bad })
    expect(error.message).not.toContain(bad)
    expect(failure({ FASTLY_API_TOKEN: TOKEN }).message).not.toContain(TOKEN)
  })
})
