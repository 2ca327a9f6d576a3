/** Retry timing of webhook deliveries: exponential from 250 ms, capped at 30 s, never given up. */
export const WEBHOOK_LIMITS = {
  /** Deliveries sent at once. */
  batch: 16,
  /** A delivery that takes longer is retried. */
  timeoutMs: 5_000,
  firstRetryMs: 250,
  maxRetryMs: 30_000,
} as const

export function backoffMs(attempts: number): number {
  return Math.min(WEBHOOK_LIMITS.maxRetryMs, WEBHOOK_LIMITS.firstRetryMs * 2 ** Math.max(0, attempts - 1))
}
