/**
 * `npm start -- --cache varnish`: Varnish (deploy/varnish/newsroom.vcl) on 127.0.0.1:VARNISH_PORT
 * in front of the site's server(s), and the site configured to purge it on publish
 * (EDGE_CACHE=varnish, VARNISH_PURGE_URLS), for trying the cache tier on one machine. Fastly and
 * Cloudflare are not started here: they are configured with EDGE_CACHE (docs/deploying.md).
 */
import { missingVarnishPackages, startLocalVarnish, type LocalVarnish } from '../../lib/cache/varnish-server'
import type { Settings } from '../../lib/sanity/settings'
import { isPortFree } from './ports'

export type CacheInFront = 'varnish'

/** The `--cache <tier>` (or `--cache=<tier>`) argument: undefined when absent; throws on anything but varnish. */
export function readCacheOption(args: readonly string[]): CacheInFront | undefined {
  const index = args.findIndex((arg) => arg === '--cache' || arg.startsWith('--cache='))
  if (index === -1) return undefined
  const value = args[index].includes('=') ? args[index].split('=')[1] : args[index + 1]
  if (value === 'varnish') return value
  throw new Error(`--cache "${value ?? ''}": only varnish runs on this machine (Fastly and Cloudflare are set with EDGE_CACHE; see docs/deploying.md)`)
}

/**
 * Checks Varnish can run on VARNISH_PORT and sets the site's environment to purge it. Throws with
 * what to do when it cannot (packages missing, port busy, another tier configured).
 */
export async function prepareVarnishInFront(settings: Settings, env: NodeJS.ProcessEnv, instances: number): Promise<{ port: number }> {
  const missing = missingVarnishPackages()
  if (missing.length > 0) throw new Error(`--cache varnish needs Debian's ${missing.join(' and ')}: apt-get install -y ${missing.join(' ')}`)
  if (settings.edge.purge.tier !== 'none' && settings.edge.purge.tier !== 'varnish') {
    throw new Error(`--cache varnish, but EDGE_CACHE is ${settings.edge.purge.tier}: unset it to try Varnish here`)
  }
  const port = settings.edge.varnishPort
  if (!(await isPortFree(port, '127.0.0.1'))) throw new Error(`port ${port} (VARNISH_PORT) is already in use: stop what is using it, or set VARNISH_PORT to another port.`)
  env.EDGE_CACHE = 'varnish'
  if (settings.edge.purge.tier === 'none') env.VARNISH_PURGE_URLS = `http://127.0.0.1:${port}`
  // Editors may open the Studio through Varnish too (it passes /studio and the API untouched).
  if (!env.LAKE_STUDIO_ORIGINS?.trim()) {
    const ports = [...Array.from({ length: instances }, (_, i) => settings.site.port + i), port]
    env.LAKE_STUDIO_ORIGINS = ports.flatMap((each) => [`http://localhost:${each}`, `http://127.0.0.1:${each}`]).join(',')
  }
  return { port }
}

/** Starts Varnish in front of the `instances` site servers (round robin). */
export function startVarnishInFront(settings: Settings, port: number, instances: number): Promise<LocalVarnish> {
  const host = ['0.0.0.0', '::'].includes(settings.site.host) ? '127.0.0.1' : settings.site.host
  const backends = Array.from({ length: instances }, (_, i) => ({ host, port: settings.site.port + i }))
  return startLocalVarnish({ port, backends, regionHeaders: settings.site.regionHeaders })
}
