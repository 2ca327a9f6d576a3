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
