/**
 * More ports for the same HTTP server. Studio keeps 6–9 listen (SSE) streams open and a browser
 * opens at most 6 HTTP/1.1 connections per host and port, so Studio spreads its streams over
 * these ports (lib/studio/listen-hosts.ts). Ports, not `*.localhost` names: the editor's session
 * cookie is host-only and browsers send it to every port of its host, never to another name
 * (ADR 0012). Each extra port hands its connections to the main server, so limits, routing and
 * authentication are exactly the main port's.
 */

import net from 'node:net'
import type { Server } from 'node:http'

export interface ExtraPorts {
  ports: number[]
  close(): Promise<void>
}

/** Binds `count` free ports on `host`; a port that fails to bind is left out. */
export async function listenOnExtraPorts(server: Server, host: string, count: number): Promise<ExtraPorts> {
  const listeners: net.Server[] = []
  const ports: number[] = []
  for (let i = 0; i < count; i++) {
    const listener = net.createServer((socket) => server.emit('connection', socket))
    const port = await new Promise<number | null>((resolve) => {
      listener.once('error', () => resolve(null))
      listener.listen(0, host, () => resolve((listener.address() as net.AddressInfo).port))
    })
    if (port === null) continue
    listeners.push(listener)
    ports.push(port)
  }
  return {
    ports,
    close: () => Promise.all(listeners.map((listener) => new Promise<void>((resolve) => listener.close(() => resolve())))).then(() => undefined),
  }
}
