/**
 * Who may talk to the lake, and how much: the Host allow-list (a DNS-rebinding page sends its own
 * host name, so any other name is refused) and per-client caps on open connections and open
 * listen streams, where a client is an address block (`addressBlockOf`).
 */

import type { Server } from 'node:http'
import type { Socket } from 'node:net'
import { hostNotAllowed, tooManyRequests } from '../errors'

/**
 * Open connections one client (address block) may hold; more are answered 429 and closed. All of
 * loopback is one block, shared by the site's server, editors' browsers and anything else on the
 * machine: 96 listen streams plus a few dozen requests in flight must fit with room to spare.
 */
export const DEFAULT_MAX_CONNECTIONS_PER_CLIENT = 512
/**
 * Open listen (SSE) streams one client address may hold; more are answered 429. Sanity Studio keeps
 * about 12 open per browser tab (and every editor on this machine shares the loopback address), so
 * 32 refused a third tab; 96 leaves room for several editors' tabs within the connection cap.
 */
export const DEFAULT_MAX_LISTEN_STREAMS_PER_CLIENT = 96
/** A connection over the cap gets this long to send its request before it is dropped. */
const OVER_CAP_GRACE_MS = 5000

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]']

/** `Host` header → host name: lower case, port and trailing dot removed, IPv6 in brackets. */
export function hostNameOf(header: string): string | null {
  const value = header.trim().toLowerCase()
  if (value.startsWith('[')) {
    const end = value.indexOf(']')
    if (end < 0 || (end + 1 < value.length && !/^:\d{1,5}$/.test(value.slice(end + 1)))) return null
    return value.slice(0, end + 1)
  }
  const m = /^([a-z0-9._-]+?)\.?(?::\d{1,5})?$/.exec(value)
  return m ? m[1] : null
}

/** A configured host name in the form `hostNameOf` produces (`::1` → `[::1]`). */
function normaliseConfiguredHost(name: string): string {
  const value = name.trim().toLowerCase().replace(/\.$/, '')
  return value.includes(':') && !value.startsWith('[') ? `[${value}]` : value
}

/** Returns a check that throws a 403 `hostNotAllowed` for any Host outside the allow-list. */
export function createHostCheck(allowedHosts: readonly string[]): (header: string | undefined) => void {
  const allowed = new Set([...LOOPBACK_HOSTS, ...allowedHosts.map(normaliseConfiguredHost)])
  const listed = ['127.0.0.1', 'localhost', '[::1]', '*.localhost', ...allowedHosts].join(', ')
  return (header) => {
    const name = header ? hostNameOf(header) : null
    if (name && (allowed.has(name) || name.endsWith('.localhost'))) return
    const shown = header ? `"${header.slice(0, 100)}"` : '(none)'
    throw hostNotAllowed(
      `Host ${shown} is not allowed: the lake answers only ${listed}. Add the name to the lake's allowedHosts option to serve it.`,
    )
  }
}

/**
 * The address block per-client limits count by: an IPv4 address alone (`192.0.2.7`), but all of
 * loopback as one (`127.0.0.0/8`, `::1` included: every 127.x is the same machine), and an IPv6
 * address by its /64 (`2001:db8:1:2::/64`: one subscriber gets a whole /64). IPv4-mapped IPv6
 * (`::ffff:192.0.2.7`) counts as IPv4.
 */
export function addressBlockOf(address: string): string {
  const v4 = address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(v4)) return v4.startsWith('127.') ? LOOPBACK_BLOCK : v4
  if (!address.includes(':')) return address
  const groups = expandIPv6(address.toLowerCase().split('%')[0])
  if (!groups) return address
  if (groups.every((group, i) => group === (i === 7 ? 1 : 0))) return LOOPBACK_BLOCK
  return `${groups.slice(0, 4).map((group) => group.toString(16)).join(':')}::/64`
}

const LOOPBACK_BLOCK = '127.0.0.0/8'

/** The 8 groups of an IPv6 address (`::` expanded), or null when it is not one. */
function expandIPv6(address: string): number[] | null {
  const halves = address.split('::')
  if (halves.length > 2) return null
  const parse = (part: string) => (part === '' ? [] : part.split(':'))
  const head = parse(halves[0])
  const tail = halves.length === 2 ? parse(halves[1]) : []
  if (tail.length > 0 && tail[tail.length - 1].includes('.')) return null // embedded IPv4 other than ::ffff: is not expected
  const missing = 8 - head.length - tail.length
  if ((halves.length === 1 && missing !== 0) || missing < 0) return null
  const groups = [...head, ...Array(missing).fill('0'), ...tail].map((group) => (/^[0-9a-f]{1,4}$/.test(group) ? parseInt(group, 16) : NaN))
  return groups.some(Number.isNaN) ? null : groups
}

/** The address block (see `addressBlockOf`) of the client on `socket`. */
export function clientBlockOf(socket: Socket): string {
  return addressBlockOf(socket.remoteAddress ?? 'unknown')
}

/**
 * What the Studio code counts its failed-token and presence limits by: the client's address
 * block too (50 loopback addresses are one client).
 */
export function clientAddressOf(socket: Socket): string {
  return clientBlockOf(socket)
}

/** Counts open connections per client address; connections past the cap are marked for a 429. */
export class ConnectionLimiter {
  private readonly open = new Map<string, number>()
  private readonly overCap = new WeakSet<Socket>()

  constructor(readonly maxPerClient: number) {}

  attach(server: Server): void {
    server.on('connection', (socket: Socket) => {
      const address = clientBlockOf(socket)
      const count = this.open.get(address) ?? 0
      if (count >= this.maxPerClient) {
        this.overCap.add(socket)
        socket.setTimeout(OVER_CAP_GRACE_MS, () => socket.destroy())
        return
      }
      this.open.set(address, count + 1)
      socket.once('close', () => {
        const left = (this.open.get(address) ?? 1) - 1
        if (left <= 0) this.open.delete(address)
        else this.open.set(address, left)
      })
    })
  }

  /** Throws the 429 for a request on a connection opened past the cap. */
  assertWithinCap(socket: Socket): void {
    if (!this.overCap.has(socket)) return
    throw tooManyRequests(
      'tooManyConnections',
      `Too many open connections from ${clientBlockOf(socket)}: at most ${this.maxPerClient} per client (lake option maxConnectionsPerClient); close idle connections and retry`,
      1,
      { connection: 'close' },
    )
  }
}

/**
 * Counts open listen streams per client: an anonymous client's address block, an authenticated
 * caller's identity (`budgetClientOf`), so anonymous streams filling the loopback block's share
 * never refuse an editor's stream.
 */
export class StreamLimiter {
  private readonly open = new Map<string, number>()

  constructor(readonly maxPerClient: number) {}

  /** Takes a stream slot for the client (429 when none is left); returns the release function. */
  acquire(client: string): () => void {
    const count = this.open.get(client) ?? 0
    if (count >= this.maxPerClient) {
      throw tooManyRequests(
        'tooManyListeners',
        `Too many open listen streams from ${client}: at most ${this.maxPerClient} per client (lake option maxListenStreamsPerClient); close one and retry`,
      )
    }
    this.open.set(client, count + 1)
    let released = false
    return () => {
      if (released) return
      released = true
      const left = (this.open.get(client) ?? 1) - 1
      if (left <= 0) this.open.delete(client)
      else this.open.set(client, left)
    }
  }
}
