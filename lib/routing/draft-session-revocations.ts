/**
 * Draft sessions ended by /api/draft-mode/disable (draft-session.ts), kept until the session would
 * have expired anyway. On this machine's disk (the site's state database beside `.next/cache`,
 * lib/cache/site-state-db.js, fsynced before disable answers), so a revocation survives a
 * restart and holds for every site server serving this build; with REDIS_URL also in Redis
 * (`newsroom:draft-session-revoked:<id>`, expiring with the session), so it holds on every
 * machine. A revocation Redis missed (it was down, or the server ended first) stays pending on
 * disk and is written as soon as Redis answers again.
 */
import { logRedisDown, onRedisReady, redisConfigured, usableRedis } from '@/lib/cache/redis-connection'
import { openSiteStateDb } from '@/lib/cache/site-state-db'

const SHARED_KEY_PREFIX = 'newsroom:draft-session-revoked:'

type Database = ReturnType<typeof openSiteStateDb>
type Revocation = { id: string; expiresAt: number }

/** Writes `revocations` to Redis (each expiring with its session); false when Redis is down. */
async function share(revocations: Revocation[], now: number): Promise<boolean> {
  const client = await usableRedis()
  if (!client) return false
  try {
    for (const { id, expiresAt } of revocations) {
      if (expiresAt > now) await client.set(`${SHARED_KEY_PREFIX}${id}`, '1', { PX: expiresAt - now })
    }
    return true
  } catch (error) {
    logRedisDown(error)
    return false
  }
}

/** Tells Redis the revocations of `db` it does not hold yet. */
async function sharePending(db: Database, now = Date.now()): Promise<void> {
  const pending = db.prepare('SELECT id, expires_at AS expiresAt FROM revoked_draft_sessions WHERE shared_pending = 1 AND expires_at > ? LIMIT 10000').all(now) as Revocation[]
  if (pending.length === 0 || !(await share(pending, now))) return
  const done = db.prepare('UPDATE revoked_draft_sessions SET shared_pending = 0 WHERE id = ?')
  db.transaction(() => pending.forEach(({ id }) => done.run(id)))()
}

const watched = new WeakSet<Database>()

/**
 * Shares the pending revocations now and each time the connection to Redis is ready again (the
 * site's server calls it when it starts; a revocation made while Redis is down calls it too).
 */
export function keepSharingDraftSessionRevocations(db: Database = openSiteStateDb()): Promise<void> {
  if (!watched.has(db)) {
    watched.add(db)
    onRedisReady(() => void sharePending(db).catch(logRedisDown))
  }
  return sharePending(db).catch(logRedisDown)
}

/** Records that session `id` (valid until `expiresAt`) was ended: on disk before it returns, then in Redis. */
export async function recordDraftSessionRevocation(id: string, expiresAt: number, now = Date.now()): Promise<void> {
  const db = openSiteStateDb()
  const shared = redisConfigured()
  db.transaction(() => {
    db.prepare('DELETE FROM revoked_draft_sessions WHERE expires_at <= ?').run(now)
    db.prepare('INSERT OR REPLACE INTO revoked_draft_sessions (id, expires_at, shared_pending) VALUES (?, ?, ?)').run(id, expiresAt, shared ? 1 : 0)
  })()
  if (shared) await keepSharingDraftSessionRevocations(db)
}

/** True when session `id` was ended here (disk) or on any instance (Redis, when it answers). */
export async function isDraftSessionRevoked(id: string, now = Date.now()): Promise<boolean> {
  const row = openSiteStateDb().prepare('SELECT expires_at AS expiresAt FROM revoked_draft_sessions WHERE id = ?').get(id) as { expiresAt: number } | undefined
  if (row && row.expiresAt > now) return true
  const client = await usableRedis()
  if (!client) return false
  try {
    return (await client.exists(`${SHARED_KEY_PREFIX}${id}`)) > 0
  } catch (error) {
    logRedisDown(error)
    return false
  }
}
