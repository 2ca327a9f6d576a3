/**
 * A Studio client factory for the embedded lake. Every request goes straight to the lake's host
 * (`useProjectHostname: false`: no `<projectId>.` prefix), the host of the Studio page itself, so
 * the editor's session cookie (host-only, HttpOnly) goes with every call, listen stream and image.
 *
 * Listen (SSE) streams are spread over the lake's extra ports. Studio keeps 6–9 of them open; over
 * HTTP/1.1 a browser opens at most 6 connections per host and port, so with one port the document
 * pane waits forever. Browsers send a cookie to every port of its host, never to another host name,
 * which is why ports and not `*.localhost` names (ADR 0012). Every other request keeps the API port.
 */

import { createClient, type ClientConfig, type ObservableSanityClient, type SanityClient } from '@sanity/client'

/** `http://localhost:3030` + port 41234 → `http://localhost:41234`; null when there is no port to use. */
export function listenHostFor(apiHost: string, index: number, ports: readonly number[]): string | null {
  if (ports.length === 0) return null
  let url: URL
  try {
    url = new URL(apiHost)
  } catch {
    return null
  }
  url.port = String(ports[index % ports.length])
  return url.origin
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

export interface LakeClientFactoryOptions {
  /** The lake's API origin as this page reaches it, e.g. `http://localhost:3030`. */
  apiHost: string
  /** The lake's extra ports for listen streams (`GET /studio/listen-ports`). */
  listenPorts: readonly number[]
  /** Extra client options (Studio's sign-in passes a requester that notices an ended session). */
  extra?: Partial<ClientConfig>
}

/** Studio's `unstable_clientFactory` for the embedded lake. */
export function createLakeClientFactory({ apiHost, listenPorts, extra = {} }: LakeClientFactoryOptions): (config: ClientConfig) => SanityClient {
  let counter = 0
  const nextHost = () => listenHostFor(apiHost, counter++, listenPorts)
  const cache = new WeakMap<object, unknown>()
  return (config) => spreadListens(createClient({ ...config, ...extra, useProjectHostname: false }), nextHost, cache)
}
