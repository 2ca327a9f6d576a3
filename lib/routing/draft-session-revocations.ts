/**
 * Draft sessions ended by /api/draft-mode/disable (draft-session.ts), kept until the session would
 * have expired anyway. On this machine's disk (the site's state database beside `.next/cache`,
 * lib/cache/site-state-db.js, fsynced before disable answers), so a revocation survives a
 * restart and holds for every site server serving this build; with REDIS_URL also in Redis
 * (`newsroom:draft-session-revoked:<id>`, expiring with the session), so it holds on every
 * machine. A revocation Redis missed (it was down) is written as soon as it answers again.
 */
import { onRedisReady, redisConfigured, usableRedis, logRedisDown } from '@/lib/cache/redis-connection'
import { openSiteStateDb } from '@/lib/cache/site-state-db'

const SHARED_KEY_PREFIX = 'newsroom:draft-session-revoked:'

type Database = ReturnType<typeof openSiteStateDb>
type Revocation = { id: string; expiresAt: number }

/** Revocations Redis does not hold yet, per state database (this process only). */
const pendingShared = new WeakMap<Database, Map<string, number>>()
const watched = new WeakSet<Database>()

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

/** Writes the revocations Redis missed, now and each time the connection is ready again. */
function sharePendingLater(db: Database): void {
  if (watched.has(db)) return
  watched.add(db)
  onRedisReady(() => {
    const pending = pendingShared.get(db)
    if (!pending || pending.size === 0) return
    const batch = [...pending].map(([id, expiresAt]) => ({ id, expiresAt }))
    void share(batch, Date.now()).then((shared) => {
      if (shared) for (const { id } of batch) pending.delete(id)
    })
  })
}

/** Records that session `id` (valid until `expiresAt`) was ended. */
export async function recordDraftSessionRevocation(id: string, expiresAt: number, now = Date.now()): Promise<void> {
  const db = openSiteStateDb()
  db.transaction(() => {
    db.prepare('DELETE FROM revoked_draft_sessions WHERE expires_at <= ?').run(now)
    db.prepare('INSERT OR REPLACE INTO revoked_draft_sessions (id, expires_at) VALUES (?, ?)').run(id, expiresAt)
  })()
  if (!redisConfigured() || (await share([{ id, expiresAt }], now))) return
  const pending = pendingShared.get(db) ?? new Map<string, number>()
  pending.set(id, expiresAt)
  pendingShared.set(db, pending)
  sharePendingLater(db)
}

/** True when session `id` was ended here (disk) or on any instance (Redis, when it answers). */
export async function isDraftSessionRevoked(id: string, now = Date.now()): Promise<boolean> {
  const row = openSiteStateDb().prepare('SELECT expires_at AS expiresAt FROM revoked_draft_sessions WHERE id = ?').get(id) as { expiresAt: number } | undefined
  if (row && row.expiresAt > now) return true
  if (!redisConfigured()) return false
  const client = await usableRedis()
  if (!client) return false
  try {
    return (await client.exists(`${SHARED_KEY_PREFIX}${id}`)) > 0
  } catch (error) {
    logRedisDown(error)
    return false
  }
}
