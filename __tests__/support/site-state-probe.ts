/**
 * Another site-server process for the durability tests: it does one thing with the site's state
 * the way the server would, prints the outcome as one line, and ends — with SIGKILL after a write,
 * as a crash a moment after the answer would. What it wrote must hold in the test's process (a
 * restarted or another server), and what the test wrote must hold here.
 * Usage: node --import tsx site-state-probe.ts <command> [args]
 *   revoke-draft-session <secret> <cookie> | verify-draft-session <secret> <cookie>
 *   record-publish <receiver> <signature> <tags as JSON>   (what /api/revalidate keeps before it answers)
 *   load-tag-times                                          (what the site's server loads when it starts)
 */
import { loadDurableTagTimes, tagsManifest } from '../../lib/cache/next-tag-manifest'
import { recordPublishDurably } from '../../lib/content/durable-revalidation'
import { draftSessionKey, revokeDraftSession, verifyDraftSession } from '../../lib/routing/draft-session'

/** Prints `line`, then ends the way a crash would (no graceful close of anything). */
function printThenKill(line: string): void {
  process.stdout.write(`${line}\n`, () => process.kill(process.pid, 'SIGKILL'))
}

function printThenExit(line: string): void {
  process.stdout.write(`${line}\n`, () => process.exit(0))
}

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2)
  switch (command) {
    case 'revoke-draft-session':
      await revokeDraftSession(draftSessionKey(args[0]), args[1])
      return printThenKill('revoked')
    case 'verify-draft-session':
      return printThenExit((await verifyDraftSession(draftSessionKey(args[0]), args[1])) ? 'valid' : 'refused')
    case 'record-publish':
      return printThenKill(JSON.stringify(await recordPublishDurably({ receiver: args[0], signature: args[1], tags: JSON.parse(args[2]) })))
    case 'load-tag-times':
      loadDurableTagTimes()
      return printThenExit(JSON.stringify([...tagsManifest]))
    default:
      throw new Error(`unknown command ${command}`)
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`)
  process.exit(1)
})
