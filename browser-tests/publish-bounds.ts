/**
 * How long a browser test waits for a publish to reach readers. A correctness bound, not the speed
 * goal: it proves the publish arrives through the lake's webhook (the pages' own revalidate time is
 * an hour) while leaving room for a loaded CI machine. The goals (p50 ≤ 1 s, p95 ≤ 1.5 s) are
 * measured side by side in `npm run bench` (bench/publish-latency.ts), which reports a miss instead
 * of failing on a noisy machine. Tests log the time they saw.
 */
export const PUBLISH_REACHES_READERS_MS = 10_000
