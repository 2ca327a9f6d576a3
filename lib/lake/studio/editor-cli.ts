/**
 * `npm run content -- editor add "Name" | list | remove <id|name>`: manages the named editors of
 * the embedded lake in its SQLite file (the caller passes LAKE_DATA_DIR), whether or not the lake is
 * running. `add` prints the new editor's token once; only its hash is stored.
 */

import Database from 'better-sqlite3'
import fs from 'node:fs'
import path from 'node:path'
import { EditorRegistry } from './editors'

export const EDITOR_CLI_USAGE = `  editor add "<name>"                   add a named editor to the embedded lake; prints their Studio token once
  editor list                           list the lake's editors (ids, names; never tokens)
  editor remove <id|name>               remove an editor; their token stops working at once
`

const LAKE_DATABASE_FILE = 'lake.sqlite'

function openRegistry(dataDir: string): { registry: EditorRegistry; close: () => void } {
  fs.mkdirSync(dataDir, { recursive: true })
  const db = new Database(path.join(dataDir, LAKE_DATABASE_FILE))
  db.pragma('journal_mode = WAL')
  db.pragma('busy_timeout = 5000')
  return { registry: new EditorRegistry(db), close: () => db.close() }
}

/** Runs an editor subcommand; resolves to the exit code. Output goes to `out`, problems to `err`. */
export function runEditorCommand(
  args: string[],
  opts: { dataDir: string; out?: (line: string) => void; err?: (line: string) => void },
): number {
  const out = opts.out ?? ((line: string) => console.log(line))
  const err = opts.err ?? ((line: string) => console.error(line))
  const dataDir = path.resolve(opts.dataDir)
  const [sub, ...rest] = args
  if (sub !== 'add' && sub !== 'list' && sub !== 'remove') {
    err(`Usage:\n${EDITOR_CLI_USAGE}`)
    return 2
  }
  const { registry, close } = openRegistry(dataDir)
  try {
    if (sub === 'add') {
      const name = rest.join(' ').trim()
      if (!name) {
        err('Usage: npm run content -- editor add "<name>"')
        return 2
      }
      const { editor, token } = registry.add(name)
      err(`Added editor ${editor.name} (${editor.id}). Their token, shown only now (sign in at /studio with it):`)
      out(token)
      return 0
    }
    if (sub === 'list') {
      const editors = registry.list()
      if (editors.length === 0) err(`No editors in ${dataDir}. Add one with: npm run content -- editor add "<name>"`)
      for (const editor of editors) out(`${editor.id}\t${editor.name}\t${editor.createdAt}`)
      return 0
    }
    const target = rest.join(' ').trim()
    if (!target) {
      err('Usage: npm run content -- editor remove <id|name>')
      return 2
    }
    const removed = registry.remove(target)
    if (removed === 0) {
      err(`No editor with id or name "${target}".`)
      return 1
    }
    err(`Removed ${removed} editor${removed === 1 ? '' : 's'} named or with id "${target}".`)
    return 0
  } finally {
    close()
  }
}
