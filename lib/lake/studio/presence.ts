/**
 * Studio's presence socket (`/v<date>/socket/<dataset>`, the "bifur" JSON-RPC protocol):
 * `authorization`, `presence_subscribe`/`_unsubscribe`, `presence_announce`, `presence_rollcall`,
 * `presence_disconnect`, and a heartbeat (`♥`). Announcements go to every other authorised
 * socket of the dataset, tagged with the sender's user id, so editors see each other.
 */

import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import type { Caller } from './auth'

const HEARTBEAT = '\u2665'
const MAX_MESSAGE_BYTES = 64 * 1024

interface Session {
  socket: WebSocket
  /** The client's address (for failed token attempts). */
  address: string
  user: Caller | null
  subscriptions: Set<string>
  /** Presence session ids this socket announced (sent as a disconnect when it closes). */
  sessions: Set<string>
}

type Rpc = { jsonrpc?: unknown; method?: unknown; params?: Record<string, unknown>; id?: unknown }

export interface PresenceServer {
  /** Takes over an HTTP upgrade for a socket path; false when the path is not ours. */
  /** `user`: the caller already known from the upgrade request (a session cookie); else the socket must send "authorization". */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, dataset: string, user?: Caller | null): void
  close(): void
}

export function createPresenceServer(opts: {
  heartbeatMs?: number
  /** Resolves a bearer token to a caller, or null when it is not valid. */
  authorize: (token: string) => Caller | null
  /**
   * Called with the client's address after a wrong token; returns a message when the address has
   * failed too often (the socket then closes with 4029 instead of 4001), as HTTP answers 429.
   */
  onFailedToken?: (address: string) => string | null
  /** The client's address for an upgrade request. */
  addressOf?: (req: IncomingMessage) => string
}): PresenceServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })
  const sessions = new Set<Session>()
  let subscriptionCounter = 0

  const send = (session: Session, payload: unknown) => {
    if (session.socket.readyState === session.socket.OPEN) session.socket.send(JSON.stringify(payload))
  }
  const broadcast = (from: Session, event: Record<string, unknown>) => {
    for (const other of sessions) {
      if (other === from || !other.user) continue
      for (const subscription of other.subscriptions) {
        send(other, { jsonrpc: '2.0', method: 'presence_subscription', params: { subscription, result: event } })
      }
    }
  }
  const reply = (session: Session, id: unknown, result: unknown) => send(session, { jsonrpc: '2.0', id, result })
  const fail = (session: Session, id: unknown, code: number, message: string) =>
    send(session, { jsonrpc: '2.0', id: id ?? null, error: { code, message } })

  const onMessage = (session: Session, raw: string) => {
    let rpc: Rpc
    try {
      rpc = JSON.parse(raw) as Rpc
    } catch {
      fail(session, null, -32700, 'Parse error')
      return
    }
    const params = typeof rpc.params === 'object' && rpc.params !== null ? rpc.params : {}
    if (rpc.method === 'authorization') {
      const header = typeof params.authorization === 'string' ? params.authorization : ''
      const match = /^Bearer\s+(.+)$/i.exec(header.trim())
      const user = match ? opts.authorize(match[1].trim()) : null
      if (!user) {
        const tooMany = opts.onFailedToken?.(session.address) ?? null
        const [code, message] = tooMany === null ? [4001, 'Unauthorized'] : [4029, tooMany]
        fail(session, rpc.id, code, message)
        // A close reason is at most 123 bytes.
        session.socket.close(code, tooMany === null ? message : 'Too many failed token attempts')
        return
      }
      session.user = user
      reply(session, rpc.id, true)
      return
    }
    if (!session.user) {
      fail(session, rpc.id, 4001, 'Send "authorization" first')
      return
    }
    const userId = session.user.id
    switch (rpc.method) {
      case 'presence_subscribe': {
        const subscription = `presence-${++subscriptionCounter}`
        session.subscriptions.add(subscription)
        reply(session, rpc.id, subscription)
        return
      }
      case 'presence_unsubscribe':
        session.subscriptions.delete(String(params.subscriptionId))
        reply(session, rpc.id, true)
        return
      case 'presence_announce': {
        const data = typeof params.data === 'object' && params.data !== null ? (params.data as Record<string, unknown>) : {}
        if (typeof data.sessionId === 'string') session.sessions.add(data.sessionId)
        broadcast(session, { type: 'state', i: userId, m: { sessionId: data.sessionId, locations: data.locations ?? [] } })
        reply(session, rpc.id, true)
        return
      }
      case 'presence_rollcall':
        broadcast(session, { type: 'rollCall', i: userId, session: params.session })
        reply(session, rpc.id, true)
        return
      case 'presence_disconnect':
        session.sessions.delete(String(params.session))
        broadcast(session, { type: 'disconnect', i: userId, m: { session: params.session } })
        reply(session, rpc.id, true)
        return
      default:
        fail(session, rpc.id, -32601, `Method not found: ${String(rpc.method).slice(0, 60)}`)
    }
  }

  const heartbeat = setInterval(() => {
    for (const session of sessions) if (session.socket.readyState === session.socket.OPEN) session.socket.send(HEARTBEAT)
  }, opts.heartbeatMs ?? 25_000)
  heartbeat.unref?.()

  return {
    handleUpgrade(req, socket, head, _dataset, user = null) {
      wss.handleUpgrade(req, socket, head, (ws) => {
        const address = opts.addressOf?.(req) ?? req.socket.remoteAddress ?? 'unknown'
        const session: Session = { socket: ws, address, user, subscriptions: new Set(), sessions: new Set() }
        sessions.add(session)
        ws.on('message', (data, isBinary) => {
          if (!isBinary) onMessage(session, data.toString())
        })
        ws.on('close', () => {
          sessions.delete(session)
          if (session.user) for (const id of session.sessions) broadcast(session, { type: 'disconnect', i: session.user.id, m: { session: id } })
        })
        ws.on('error', () => ws.terminate())
      })
    },
    close() {
      clearInterval(heartbeat)
      for (const session of sessions) session.socket.terminate()
      sessions.clear()
      wss.close()
    },
  }
}
