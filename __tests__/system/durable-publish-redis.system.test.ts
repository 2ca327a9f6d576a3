/**
 * Publishes and draft-session revocations with a shared Redis (REDIS_URL), against a real
 * redis-server on a free 127.0.0.1 port. "Machines" are state folders (SITE_STATE_DIR) of their
 * own; "a server killed" is a child process (__tests__/support/site-state-probe.ts) ended with
 * SIGKILL right after it did its work.
 * - With Redis up, a publish's tag times are in Redis before the webhook route answers.
 * - With Redis down, they are kept on disk as pending: when Redis is back, the restarted server
 *   writes them, and another instance's cached page made before the publish is then a miss.
 * - A draft session revoked on one machine is refused on another, Redis down at the time or not.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createClient } from 'redis'
import { startLocalRedis, type LocalRedis } from '@/lib/cache/redis-server'
import { recordPublishDurably } from '@/lib/content/durable-revalidation'
import { draftSessionKey, issueDraftSession, verifyDraftSession } from '@/lib/routing/draft-session'
import { keepSharingDraftSessionRevocations } from '@/lib/routing/draft-session-revocations'
import { freePort } from '@/scripts/site/ports'
import { inAnotherServerProcess } from '../support/site-state-process'
import { eventually } from '../support/eventually'

jest.setTimeout(90_000)

const { SHARED_TAGS_KEY, keepSharingPendingTagTimes } = jest.requireActual('@/lib/cache/shared-tag-times')
const { openSiteStateDb, closeSiteStateDbs } = jest.requireActual('@/lib/cache/site-state-db')
const { disconnectRedis } = jest.requireActual('@/lib/cache/redis-connection')

const SECRET = 'system-test-token-0123456789-0123456789'
let redis: LocalRedis
const machines: string[] = []

/** A machine of its own: state on its own disk (the test's later calls run "on" it). */
function onMachine(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'machine-state-'))
  machines.push(dir)
  process.env.SITE_STATE_DIR = dir
  return dir
}

async function sharedTagTime(tag: string): Promise<{ at: number } | null> {
  const client = createClient({ url: redis.url, socket: { connectTimeout: 2000, reconnectStrategy: false } })
  await client.connect()
  try {
    const raw = await client.hGet(SHARED_TAGS_KEY, tag)
    return raw ? JSON.parse(raw) : null
  } finally {
    client.destroy()
  }
}

/** Redis round trips across a simulated outage: up to 10 s, read every 100 ms. */
const eventuallyWithin = <T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 10_000) => eventually(read, accept, timeoutMs, 100)

beforeAll(async () => {
  redis = await startLocalRedis(await freePort())
  process.env.REDIS_URL = redis.url
})

afterAll(async () => {
  await disconnectRedis()
  closeSiteStateDbs()
  delete process.env.REDIS_URL
  await redis?.stop()
  for (const dir of machines) fs.rmSync(dir, { recursive: true, force: true })
})

describe('a publish with a shared Redis', () => {
  it('is in Redis before the webhook route answers', async () => {
    onMachine()
    const before = Date.now()
    const outcome = await recordPublishDurably({ receiver: 'site', signature: 't=1,v1=up', tags: ['article:redis-up'] })
    expect(outcome).toEqual({ duplicate: false, shared: true })
    expect((await sharedTagTime('article:redis-up'))?.at).toBeGreaterThanOrEqual(before)
  })

  it('made while Redis is down by a server killed right after, reaches Redis when it is back and the server restarts', async () => {
    const machine = onMachine()
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    try {
      await redis.stop()
      const before = Date.now()
      const outcome = JSON.parse(inAnotherServerProcess('record-publish', 'site', 't=2,v1=down', JSON.stringify(['article:redis-down', 'type:article'])))
      expect(outcome).toEqual({ duplicate: false, shared: false })
      redis = await startLocalRedis(redis.port)
      expect(await sharedTagTime('article:redis-down')).toBeNull()
      // The restarted server (scripts/site/server.ts does this when it starts) tells Redis.
      process.env.SITE_STATE_DIR = machine
      const shared = await eventuallyWithin<{ at: number } | null>(() => keepSharingPendingTagTimes(openSiteStateDb()).then(() => sharedTagTime('article:redis-down')), (time) => time !== null)
      expect(shared?.at).toBeGreaterThanOrEqual(before)
      expect((await sharedTagTime('type:article'))?.at).toBeGreaterThanOrEqual(before)
    } finally {
      errors.mockRestore()
    }
  })
})

describe('a draft session revoked on one machine', () => {
  const key = draftSessionKey(SECRET)

  it('is refused on another machine', async () => {
    const cookie = issueDraftSession(key)
    onMachine()
    expect(inAnotherServerProcess('revoke-draft-session', SECRET, cookie)).toBe('revoked')
    onMachine()
    expect(await verifyDraftSession(key, cookie)).toBeNull()
    expect(await verifyDraftSession(key, issueDraftSession(key))).not.toBeNull()
  })

  it('while Redis was down is refused on another machine once Redis is back and the first restarts', async () => {
    const cookie = issueDraftSession(key)
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    try {
      await redis.stop()
      const first = onMachine()
      expect(inAnotherServerProcess('revoke-draft-session', SECRET, cookie)).toBe('revoked')
      redis = await startLocalRedis(redis.port)
      onMachine()
      expect(await verifyDraftSession(key, cookie)).not.toBeNull()
      // The first machine's server starts again and tells Redis.
      process.env.SITE_STATE_DIR = first
      await keepSharingDraftSessionRevocations(openSiteStateDb())
      onMachine()
      expect(await eventuallyWithin(() => verifyDraftSession(key, cookie), (session) => session === null)).toBeNull()
    } finally {
      errors.mockRestore()
    }
  })
})
