/**
 * Fair shares of worker time between clients. `ClientUsage` keeps each client's recent worker
 * time (milliseconds of work, decaying exponentially with a half-life, so a client that stops
 * costs nothing after a while); `FairQueue` hands out the oldest waiting job of the client that
 * used least, so one client's backlog never delays another client by more than its share.
 * A client is a key chosen by the caller: an address block for anonymous callers
 * (`clientBlockOf`), the token or the editor for authenticated ones.
 */

export class ClientUsage {
  private readonly used = new Map<string, { ms: number; at: number }>()

  constructor(
    private readonly halfLifeMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The client's decayed worker time in ms. */
  of(client: string): number {
    const entry = this.used.get(client)
    if (!entry) return 0
    return entry.ms * Math.pow(0.5, (this.now() - entry.at) / this.halfLifeMs)
  }

  add(client: string, ms: number): void {
    const value = this.of(client) + Math.max(0, ms)
    this.used.set(client, { ms: value, at: this.now() })
    if (this.used.size > 10_000) this.forgetIdle()
  }

  /** Milliseconds until the client's usage decays to `limit` (0 when it is already below). */
  msUntilBelow(client: string, limit: number): number {
    const current = this.of(client)
    if (current <= limit) return 0
    return Math.ceil(this.halfLifeMs * Math.log2(current / Math.max(1, limit)))
  }

  /** Drops clients whose usage decayed to almost nothing (bounds the map under many addresses). */
  private forgetIdle(): void {
    for (const client of [...this.used.keys()]) if (this.of(client) < 1) this.used.delete(client)
  }
}

export class FairQueue<T extends { client: string }> {
  private readonly byClient = new Map<string, T[]>()
  private count = 0

  get size(): number {
    return this.count
  }

  countOf(client: string): number {
    return this.byClient.get(client)?.length ?? 0
  }

  push(job: T): void {
    const jobs = this.byClient.get(job.client)
    if (jobs) jobs.push(job)
    else this.byClient.set(job.client, [job])
    this.count++
  }

  remove(job: T): boolean {
    const jobs = this.byClient.get(job.client)
    const at = jobs ? jobs.indexOf(job) : -1
    if (!jobs || at < 0) return false
    jobs.splice(at, 1)
    if (jobs.length === 0) this.byClient.delete(job.client)
    this.count--
    return true
  }

  /** The first job of the eligible client with the least recent usage (ties: the longest waiting). */
  peek(usage: ClientUsage, eligible: (client: string) => boolean = () => true): T | undefined {
    let best: { job: T; used: number } | undefined
    for (const [client, jobs] of this.byClient) {
      if (!eligible(client)) continue
      const used = usage.of(client)
      if (!best || used < best.used) best = { job: jobs[0], used }
    }
    return best?.job
  }

  shift(usage: ClientUsage, eligible?: (client: string) => boolean): T | undefined {
    const job = this.peek(usage, eligible)
    if (job) this.remove(job)
    return job
  }

  /** Every job, emptying the queue. */
  drain(): T[] {
    const all = [...this.byClient.values()].flat()
    this.byClient.clear()
    this.count = 0
    return all
  }
}
