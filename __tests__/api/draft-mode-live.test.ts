/**
 * /api/draft-mode/live, the route handler against a real lake: outside draft mode it answers 404
 * and opens nothing; in draft mode it streams `welcome`, then one event per committed change —
 * a draft-only edit included — carrying no token and no content, and it stops when the page goes.
 */
import { createClient } from '@sanity/client'
import { startLakeForSuite } from '../support/seeded-lake'

let draftMode = false
jest.mock('next/headers', () => ({ draftMode: async () => ({ isEnabled: draftMode }) }))

import { GET } from '@/app/api/draft-mode/live/route'

const TOKEN = 'draft-mode-live-token-0123456789abcdef'
const lake = startLakeForSuite('draft-mode-live', { seedDir: null, token: TOKEN, serverToken: true })

afterEach(() => {
  draftMode = false
})

/** Reads the stream until `done(text so far)`; fails after `timeoutMs`. */
async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, done: (text: string) => boolean, timeoutMs = 10_000): Promise<string> {
  const decoder = new TextDecoder()
  let text = ''
  const deadline = Date.now() + timeoutMs
  while (!done(text)) {
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no event in time; got ${JSON.stringify(text)}`)), deadline - Date.now())
    })
    const chunk = await Promise.race([reader.read(), late]).finally(() => clearTimeout(timer))
    if (chunk.done) break
    text += decoder.decode(chunk.value, { stream: true })
  }
  return text
}

it('answers 404 outside draft mode', async () => {
  const response = await GET(new Request('http://site.example/api/draft-mode/live'))
  expect(response.status).toBe(404)
  expect(response.headers.get('cache-control')).toContain('no-store')
})

it('in draft mode, streams an event for each commit, drafts included, and nothing secret', async () => {
  draftMode = true
  const page = new AbortController()
  const response = await GET(new Request('http://site.example/api/draft-mode/live', { signal: page.signal }))
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/)
  expect(response.headers.get('cache-control')).toBe('private, no-store, no-transform')
  const reader = response.body!.getReader()
  const welcome = await readUntil(reader, (text) => text.includes('event: welcome'))
  expect(welcome).toContain('retry: 2000')

  const editor = createClient({ projectId: 'local', dataset: 'production', apiVersion: '2025-02-19', apiHost: lake().url, useProjectHostname: false, useCdn: false, token: TOKEN })
  await editor.createOrReplace({ _id: 'drafts.live-test', _type: 'article', headline: 'Only in a draft' })
  const message = await readUntil(reader, (text) => /\ndata: \{"id":"[^"]+"\}\n\n/.test(text))
  expect(message).not.toContain(TOKEN)
  expect(message).not.toContain('Only in a draft')

  page.abort()
  await expect(readUntil(reader, () => false, 5_000)).resolves.toBeDefined()
}, 30_000)
