/** Progress lines on stderr, at most once per interval, so large files show they are moving. */
export class ProgressReporter {
  private lastReport = Date.now()

  constructor(
    private readonly label: string,
    private readonly stream: NodeJS.WritableStream = process.stderr,
    private readonly intervalMs = 1000,
  ) {}

  /** Reports `done` (of `total`, when known) if the interval has passed. */
  tick(done: number, total?: number): void {
    const now = Date.now()
    if (now - this.lastReport < this.intervalMs) return
    this.lastReport = now
    const of = total ? `/${total} (${Math.floor((done / total) * 100)}%)` : ''
    this.stream.write(`${this.label}: ${done}${of}\n`)
  }
}

/**
 * Progress of a long pass with its rate and an estimate of the time left, from the share of the
 * file read so far: "writing: 41,000 documents (41%), 1,250 docs/s, ETA 47 s".
 */
export class RateProgress {
  private readonly started = Date.now()
  private lastReport = Date.now()

  constructor(
    private readonly label: string,
    private readonly stream: NodeJS.WritableStream = process.stderr,
    private readonly intervalMs = 1000,
  ) {}

  /** `fraction`: how much of the work is done (0–1), e.g. bytes read / file size. */
  update(documents: number, fraction: number): void {
    const now = Date.now()
    if (now - this.lastReport < this.intervalMs) return
    this.lastReport = now
    const seconds = (now - this.started) / 1000
    const rate = seconds > 0 ? documents / seconds : 0
    const left = fraction > 0 ? (seconds * (1 - fraction)) / fraction : NaN
    const eta = Number.isFinite(left) ? `, ETA ${formatSeconds(left)}` : ''
    this.stream.write(`${this.label}: ${documents.toLocaleString('en-US')} documents (${Math.floor(Math.min(1, fraction) * 100)}%), ${Math.round(rate).toLocaleString('en-US')} docs/s${eta}\n`)
  }

  /** The closing line: how many, how long, how fast. Returns the rate (documents per second). */
  finish(documents: number): number {
    const seconds = Math.max(0.001, (Date.now() - this.started) / 1000)
    const rate = documents / seconds
    this.stream.write(`${this.label}: ${documents.toLocaleString('en-US')} documents in ${formatSeconds(seconds)} (${Math.round(rate).toLocaleString('en-US')} docs/s)\n`)
    return rate
  }
}

function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`
}
