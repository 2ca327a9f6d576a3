/**
 * The lake's publish-webhook outbox. Inside the same SQLite transaction as every commit that
 * changes a published document, one row per configured URL is written; a deliverer then POSTs
 * each row, signed like Sanity's GROQ-powered webhooks (`sanity-webhook-signature`, signed at
 * each attempt so a late delivery is still fresh), deleting it on a 2xx and retrying with backoff
 * otherwise. Deliveries survive restarts of the lake and of the site, and never block a mutation.
 */
import { encodeSignatureHeader, SIGNATURE_HEADER_NAME } from '@sanity/webhook'
import type Database from 'better-sqlite3'
import { isPrivateId } from '../ids'
import type { CommittedTransaction, DocumentChange } from '../types'
import { backoffMs, WEBHOOK_LIMITS } from './backoff'

export interface WebhookOptions {
  /** Where to POST (e.g. the site's `/api/revalidate`). */
  urls: string[]
  /** Signs every delivery. */
  secret: string
  log?: (message: string) => void
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS webhook_outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  url TEXT NOT NULL,
  payload TEXT NOT NULL,
  transaction_id TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT
);
CREATE INDEX IF NOT EXISTS webhook_outbox_due ON webhook_outbox(next_attempt_at);
`

interface OutboxRow {
  id: number
  url: string
  payload: string
  attempts: number
}

/** The body Sanity would send for the projection in lib/content/revalidation.ts. */
export function webhookPayload(change: DocumentChange): Record<string, unknown> | null {
  if (isPrivateId(change.id)) return null
  const doc = change.after ?? change.before
  if (!doc) return null
  const slugOf = (value: unknown) => {
    const current = (value as { slug?: { current?: unknown } } | null)?.slug?.current
    return typeof current === 'string' ? current : null
  }
  return {
    _id: change.id,
    _type: doc._type,
    slug: slugOf(change.after),
    previousSlug: slugOf(change.before),
    operation: !change.before ? 'create' : !change.after ? 'delete' : 'update',
  }
}

export class WebhookOutbox {
  private readonly stmts
  private timer: NodeJS.Timeout | null = null
  private delivering = false
  private closed = false
  private readonly inFlight = new Set<Promise<void>>()

  constructor(private readonly db: Database.Database, private readonly opts: WebhookOptions) {
    db.exec(SCHEMA)
    this.stmts = {
      insert: db.prepare('INSERT INTO webhook_outbox (url, payload, transaction_id, next_attempt_at) VALUES (?, ?, ?, ?)'),
      due: db.prepare<[number, number], OutboxRow>('SELECT id, url, payload, attempts FROM webhook_outbox WHERE next_attempt_at <= ? ORDER BY id LIMIT ?'),
      next: db.prepare<[], { at: number | null }>('SELECT MIN(next_attempt_at) AS at FROM webhook_outbox'),
      done: db.prepare('DELETE FROM webhook_outbox WHERE id = ?'),
      retry: db.prepare('UPDATE webhook_outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?'),
      pending: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM webhook_outbox'),
    }
  }

  /** Called inside the commit's SQLite transaction: queues one delivery per URL and published change. */
  enqueue(tx: CommittedTransaction): void {
    const now = Date.now()
    for (const change of tx.changes) {
      const payload = webhookPayload(change)
      if (!payload) continue
      for (const url of this.opts.urls) this.stmts.insert.run(url, JSON.stringify(payload), tx.transactionId, now)
    }
  }

  /** Called after the commit: deliver now. */
  wake(): void {
    if (this.closed) return
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => void this.deliverDue(), 0)
  }

  pendingCount(): number {
    return this.stmts.pending.get()?.n ?? 0
  }

  async close(): Promise<void> {
    this.closed = true
    if (this.timer) clearTimeout(this.timer)
    await Promise.allSettled([...this.inFlight])
  }

  private async deliverDue(): Promise<void> {
    if (this.delivering || this.closed) return
    this.delivering = true
    try {
      for (;;) {
        const rows = this.stmts.due.all(Date.now(), WEBHOOK_LIMITS.batch)
        if (rows.length === 0 || this.closed) break
        await Promise.all(rows.map((row) => this.track(this.deliver(row))))
      }
    } finally {
      this.delivering = false
      this.scheduleNext()
    }
  }

  private track(delivery: Promise<void>): Promise<void> {
    this.inFlight.add(delivery)
    return delivery.finally(() => this.inFlight.delete(delivery))
  }

  private scheduleNext(): void {
    if (this.closed) return
    const at = this.stmts.next.get()?.at
    if (at === null || at === undefined) return
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => void this.deliverDue(), Math.max(0, at - Date.now()))
    this.timer.unref?.()
  }

  private async deliver(row: OutboxRow): Promise<void> {
    let error: string
    try {
      const signature = await encodeSignatureHeader(row.payload, Date.now(), this.opts.secret)
      const response = await fetch(row.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [SIGNATURE_HEADER_NAME]: signature, 'user-agent': 'embedded-lake-webhook' },
        body: row.payload,
        signal: AbortSignal.timeout(WEBHOOK_LIMITS.timeoutMs),
      })
      await response.arrayBuffer().catch(() => undefined)
      if (response.ok) {
        this.stmts.done.run(row.id)
        return
      }
      error = `HTTP ${response.status}`
    } catch (caught) {
      error = caught instanceof Error ? caught.message : String(caught)
    }
    const attempts = row.attempts + 1
    this.stmts.retry.run(attempts, Date.now() + backoffMs(attempts), error.slice(0, 500), row.id)
    if (attempts === 1 || attempts % 10 === 0) this.opts.log?.(`lake: webhook to ${row.url} failed (${error}); attempt ${attempts}, retrying with backoff`)
  }
}
