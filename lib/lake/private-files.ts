/**
 * The lake's data folder holds every draft, embargoed image and the token: only the lake's own
 * user may read it. The folder and every folder under it are 0700, every file 0600 — created so,
 * and tightened on start when an older lake (or a umask) left them readable.
 */
import fs from 'node:fs'
import path from 'node:path'

export const PRIVATE_DIR_MODE = 0o700
export const PRIVATE_FILE_MODE = 0o600

/** Creates `dir` (0700) or tightens it and everything in it (folders 0700, files 0600). */
export function makePrivateDataDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE })
  tighten(dir)
}

function tighten(dir: string): void {
  fs.chmodSync(dir, PRIVATE_DIR_MODE)
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const at = path.join(dir, entry.name)
    if (entry.isDirectory()) tighten(at)
    else if (entry.isFile()) fs.chmodSync(at, PRIVATE_FILE_MODE)
  }
}

/**
 * Creates `file` empty with mode 0600 when it does not exist yet: SQLite then gives its `-wal`
 * and `-shm` files the same mode.
 */
export function createPrivateFile(file: string): void {
  fs.closeSync(fs.openSync(file, 'a', PRIVATE_FILE_MODE))
  fs.chmodSync(file, PRIVATE_FILE_MODE)
}
