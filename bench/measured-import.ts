/**
 * `content import <file>` in this process (run as a child of the archive benchmark, so its
 * memory is its own), then one JSON line on stdout: wall time, CPU time and peak RSS. The CLI's
 * own progress lines go to stderr as usual.
 */
import { runContentCommand } from '../lib/dataset/content-cli'

async function main(): Promise<void> {
  const started = performance.now()
  const cpu = process.cpuUsage()
  const code = await runContentCommand(['import', ...process.argv.slice(2)])
  const used = process.cpuUsage(cpu)
  const result = { code, ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, maxRssBytes: process.resourceUsage().maxRSS * 1024 }
  process.stdout.write(`${JSON.stringify(result)}\n`)
  process.exitCode = code
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
})
