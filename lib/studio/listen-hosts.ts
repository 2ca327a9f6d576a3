/**
 * A Studio client factory that spreads listen (SSE) streams over several `*.localhost` host
 * names. Studio keeps 6–9 listen streams open; over HTTP/1.1 a browser opens at most 6
 * connections per host, so with one host the document pane waits forever. Each name under
 * `.localhost` resolves to loopback and counts as its own host, so giving every listen stream
 * its own name (`l0.localhost`, `l1.localhost`, …) lifts the limit with no certificate and no
 * proxy. Every other request keeps the configured API host.
 */

import { createClient, type ClientConfig, type ObservableSanityClient, type SanityClient } from '@sanity/client'

/** How many listen host names to rotate through (6 streams each would be 96 streams). */
export const LISTEN_HOST_COUNT = 16

/** `http://localhost:3030` → `http://l3.localhost:3030`; null when the host is not `localhost`. */
export function listenHostFor(apiHost: string, index: number): string | null {
  let url: URL
  try {
    url = new URL(apiHost)
  } catch {
    return null
  }
  if (url.hostname !== 'localhost') return null
  return `${url.protocol}//l${index % LISTEN_HOST_COUNT}.localhost${url.port ? `:${url.port}` : ''}`
}

type AnyClient = SanityClient | ObservableSanityClient

/**
 * Wraps a client so `listen` (on it, its `observable` and every `withConfig` copy) and its `live`
 * event stream use a rotating host.
 */
function spreadListens<T extends AnyClient>(client: T, nextHost: () => string | null, cache: WeakMap<object, unknown>): T {
  const cached = cache.get(client)
  if (cached) return cached as T
  const bound = new Map<PropertyKey, unknown>()
  const proxy = new Proxy(client, {
    get(target, prop) {
      if (prop === 'listen') {
        return (...args: unknown[]) => {
          const host = nextHost()
          const listener = host ? target.withConfig({ apiHost: host }) : target
          return (listener.listen as (...a: unknown[]) => unknown)(...args)
        }
      }
      if (prop === 'live' && 'live' in target) {
        // Presentation's live event stream is one more long-lived stream: give it a host of its own,
        // once per client (callers compare `client.live` by identity).
        if (!bound.has(prop)) {
          const host = nextHost()
          bound.set(prop, host ? target.withConfig({ apiHost: host }).live : target.live)
        }
        return bound.get(prop)
      }
      if (prop === 'withConfig') {
        return (config?: Partial<ClientConfig>) => spreadListens(target.withConfig(config) as T, nextHost, cache)
      }
      if (prop === 'observable' && 'observable' in target) return spreadListens(target.observable, nextHost, cache)
      const value = Reflect.get(target, prop, target) as unknown
      if (typeof value !== 'function') return value
      if (!bound.has(prop)) bound.set(prop, (value as (...a: unknown[]) => unknown).bind(target))
      return bound.get(prop)
    },
  })
  cache.set(client, proxy)
  return proxy
}

/** Studio's `unstable_clientFactory` for an API host on `localhost`. */
export function createListenSpreadingClientFactory(apiHost: string): (config: ClientConfig) => SanityClient {
  let counter = 0
  const nextHost = () => listenHostFor(apiHost, counter++)
  const cache = new WeakMap<object, unknown>()
  return (config) => spreadListens(createClient(config), nextHost, cache)
}
