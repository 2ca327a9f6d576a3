/**
 * Failed token attempts per client address. Past `maxFailures` wrong tokens within `windowMs`, a
 * further wrong token from that address is answered 429 `tooManyFailedTokenAttempts` with
 * `Retry-After` (seconds until its oldest failure leaves the window) instead of 401. A correct
 * token still passes: every local client shares 127.0.0.1, and a local attacker must not be able
 * to lock the site's own server token out of its lake.
 */

import { tooManyRequests } from '../errors'

export const DEFAULT_MAX_FAILED_TOKEN_ATTEMPTS = 10
export const DEFAULT_FAILED_TOKEN_WINDOW_MS = 60_000
/** Addresses remembered at once; the oldest is forgotten past it (bounded memory under a spray of addresses). */
const MAX_TRACKED_ADDRESSES = 10_000

export interface FailedTokenAttemptOptions {
  maxFailures?: number
  windowMs?: number
  now?: () => number
}

export class FailedTokenAttempts {
  private readonly failures = new Map<string, number[]>()
  private readonly maxFailures: number
  private readonly windowMs: number
  private readonly now: () => number

  constructor(opts: FailedTokenAttemptOptions = {}) {
    this.maxFailures = opts.maxFailures ?? DEFAULT_MAX_FAILED_TOKEN_ATTEMPTS
    this.windowMs = opts.windowMs ?? DEFAULT_FAILED_TOKEN_WINDOW_MS
    this.now = opts.now ?? Date.now
  }

  /** The failures of `address` still inside the window (oldest first). */
  private recent(address: string): number[] {
    const since = this.now() - this.windowMs
    const kept = (this.failures.get(address) ?? []).filter((at) => at > since)
    if (kept.length) this.failures.set(address, kept)
    else this.failures.delete(address)
    return kept
  }

  /** Records a wrong token from `address`; throws the 429 when the address is past its allowance. */
  recordFailure(address: string): void {
    const recent = this.recent(address)
    recent.push(this.now())
    this.failures.delete(address)
    this.failures.set(address, recent.slice(-this.maxFailures - 1))
    if (this.failures.size > MAX_TRACKED_ADDRESSES) this.failures.delete(this.failures.keys().next().value as string)
    if (recent.length > this.maxFailures) {
      const retryAfter = Math.max(1, Math.ceil((recent[recent.length - this.maxFailures - 1] + this.windowMs - this.now()) / 1000))
      throw tooManyRequests(
        'tooManyFailedTokenAttempts',
        `Too many failed token attempts from ${address}: at most ${this.maxFailures} in ${Math.round(this.windowMs / 1000)} s; retry after ${retryAfter} s`,
        retryAfter,
      )
    }
  }
}
