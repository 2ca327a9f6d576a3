/** Helpers for the Studio endpoint suites: an editor on a running lake, raw HTTP and SSE reading. */

import http from 'node:http'
import type { RunningLakeServer } from '../../lib/lake'
import { EditorRegistry } from '../../lib/lake/studio/editors'
import { API_VERSION, lakeClient } from './helpers'

export function addEditor(lake: RunningLakeServer, name: string): { id: string; token: string; registry: EditorRegistry } {
  const registry = new EditorRegistry(lake.store.database.db)
  const { editor, token } = registry.add(name)
  return { id: editor.id, token, registry }
}

export function editorClient(lake: RunningLakeServer, token: string) {
  return lakeClient(lake.url, { token, perspective: 'raw' })
}

export interface RawResponse {
  status: number
  headers: http.IncomingHttpHeaders
  text: string
  json: () => unknown
}

export function request(
  url: string,
  opts: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...opts.headers }
    if (opts.token) headers.authorization = `Bearer ${opts.token}`
    const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body)
    if (payload) headers['content-type'] = 'application/json'
    const req = http.request(url, { method: opts.method ?? 'GET', headers, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) as unknown })
      })
    })
    req.on('timeout', () => req.destroy(new Error(`timeout on ${url}`)))
    req.on('error', reject)
    req.end(payload)
  })
}

export function apiUrl(lake: RunningLakeServer, path: string): string {
  return `${lake.url}/v${API_VERSION}/${path.replace(/^\//, '')}`
}

export type EventBlock = { type: string; data?: string; id?: string }

/**
 * Opens a server-sent-events stream and hands each event (`event:`, `data:`, `id:`) to `onEvent`.
 * A reset after `close()` is not an error.
 */
export function readEventStream(
  url: string,
  headers: Record<string, string>,
  onEvent: (event: EventBlock) => void,
  onError: (error: Error) => void,
): { close: () => void } {
  const req = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
    if (res.statusCode !== 200) {
      onError(new Error(`status ${res.statusCode}`))
      res.resume()
      return
    }
    let buffer = ''
    res.setEncoding('utf8')
    res.on('data', (chunk: string) => {
      buffer += chunk
      let end: number
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        const type = /^event: (.*)$/m.exec(block)?.[1]
        if (type) onEvent({ type, data: /^data: (.*)$/m.exec(block)?.[1], id: /^id: (.*)$/m.exec(block)?.[1] })
      }
    })
  })
  req.on('error', (err) => {
    if (!('code' in err) || err.code !== 'ECONNRESET') onError(err)
  })
  return { close: () => req.destroy() }
}

/** Opens a listen stream (anonymous without a token) and collects its `mutation` events until closed. */
export function openListen(url: string, token?: string): Promise<{ events: Record<string, unknown>[]; close: () => void }> {
  return new Promise((resolve, reject) => {
    const events: Record<string, unknown>[] = []
    const stream = readEventStream(
      url,
      token ? { authorization: `Bearer ${token}` } : {},
      ({ type, data }) => {
        if (type === 'welcome') resolve({ events, close: stream.close })
        if (type === 'mutation' && data) events.push(JSON.parse(data) as Record<string, unknown>)
      },
      reject,
    )
  })
}
