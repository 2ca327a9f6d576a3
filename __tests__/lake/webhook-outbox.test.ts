/**
 * The lake's publish webhooks: a signed POST per published change, none for drafts; deliveries
 * wait in a durable outbox while the receiver is down (even across a lake restart) and never
 * hold up a mutation.
 */
import { isValidSignature, SIGNATURE_HEADER_NAME } from '@sanity/webhook'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { startLakeServer, type RunningLakeServer } from '../../lib/lake'
import { lakeClient, makeTempDir, removeDir, TOKEN, waitFor } from './helpers'

jest.setTimeout(30_000)

const SECRET = 'outbox-test-secret-0123456789'

interface Delivery {
  body: Record<string, unknown>
  signed: boolean
}

/** A receiver that records deliveries; `mode` decides how it answers. */
async function startReceiver() {
  const deliveries: Delivery[] = []
  const state = { mode: 'ok' as 'ok' | 'fail' | 'hang' }
  const server = http.createServer((req, res) => {
    let text = ''
    req.on('data', (chunk) => (text += chunk))
    req.on('end', async () => {
      if (state.mode === 'hang') return
      if (state.mode === 'fail') {
        res.writeHead(503).end()
        return
      }
      const signed = await isValidSignature(text, String(req.headers[SIGNATURE_HEADER_NAME]), SECRET)
      deliveries.push({ body: JSON.parse(text), signed })
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/revalidate`
  return {
    deliveries,
    state,
    url,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}

const startLake = (dataDir: string, url: string) =>
  startLakeServer({ dataDir, port: 0, token: TOKEN, webhooks: { urls: [url], secret: SECRET }, log: () => undefined })

let dataDir: string
let lake: RunningLakeServer | undefined
let receiver: Awaited<ReturnType<typeof startReceiver>>

beforeEach(async () => {
  dataDir = makeTempDir('outbox-')
  receiver = await startReceiver()
})
afterEach(async () => {
  await lake?.close()
  lake = undefined
  await receiver.close()
  removeDir(dataDir)
})

const article = (id: string, slug: string) => ({ _id: id, _type: 'article', headline: 'H', slug: { _type: 'slug', current: slug } })

describe('publish webhooks', () => {
  it('sends one signed delivery per published change with the revalidation projection, none for drafts', async () => {
    lake = await startLake(dataDir, receiver.url)
    const client = lakeClient(lake.url, { token: TOKEN })
    await client.create(article('drafts.a1', 'draft-only'))
    await client.create(article('a1', 'first'))
    await client.patch('a1').set({ slug: { _type: 'slug', current: 'second' } }).commit()
    await client.delete('a1')
    await waitFor(() => receiver.deliveries.length >= 3, 5000, 'three deliveries')
    expect(receiver.deliveries.every((delivery) => delivery.signed)).toBe(true)
    // Deliveries due together are sent concurrently, so they may arrive in any order (as Sanity's
    // webhooks may): each one names its own change, and the site's revalidation is idempotent.
    const bodies = receiver.deliveries.map((delivery) => delivery.body)
    expect(bodies).toHaveLength(3)
    expect(bodies).toEqual(
      expect.arrayContaining([
        { _id: 'a1', _type: 'article', slug: 'first', previousSlug: null, operation: 'create' },
        { _id: 'a1', _type: 'article', slug: 'second', previousSlug: 'first', operation: 'update' },
        { _id: 'a1', _type: 'article', slug: null, previousSlug: 'second', operation: 'delete' },
      ]),
    )
  })

  it('keeps deliveries while the receiver is down, across a lake restart, then delivers them', async () => {
    receiver.state.mode = 'fail'
    lake = await startLake(dataDir, receiver.url)
    await lakeClient(lake.url, { token: TOKEN }).create(article('a2', 'kept'))
    await new Promise((resolve) => setTimeout(resolve, 300))
    await lake.close()
    receiver.state.mode = 'ok'
    lake = await startLake(dataDir, receiver.url)
    await waitFor(() => receiver.deliveries.length === 1, 5000, 'the delivery after restart')
    expect(receiver.deliveries[0].body).toMatchObject({ _id: 'a2', slug: 'kept', operation: 'create' })
  })

  it('never holds up a mutation, even when the receiver hangs', async () => {
    receiver.state.mode = 'hang'
    lake = await startLake(dataDir, receiver.url)
    const client = lakeClient(lake.url, { token: TOKEN })
    await client.create(article('a3', 'one'))
    const started = Date.now()
    await client.create(article('a4', 'two'))
    await client.patch('a3').set({ headline: 'Changed' }).commit()
    // Deliveries time out after 5 s; the mutations above must not have waited for them.
    expect(Date.now() - started).toBeLessThan(2000)
    expect(await client.getDocument('a3')).toMatchObject({ headline: 'Changed' })
  })
})
