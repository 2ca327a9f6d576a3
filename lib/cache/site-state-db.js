// @ts-check
/**
 * The site's own durable state, one SQLite file beside Next's page cache:
 * `.next/cache/newsroom/site-state.sqlite` (or `$SITE_STATE_DIR/site-state.sqlite`).
 * - `revalidated_tags`: when each cache tag was last revalidated by a publish (revalidated-tags.js),
 *   so a page cached before a publish stays expired after a restart (issue 18);
 * - `webhook_deliveries`: the signed publish deliveries each receiving server accepted, so a replay
 *   revalidates nothing, restart or not (lib/content/durable-revalidation.ts);
 * - `revoked_draft_sessions`: draft-mode sessions ended by /api/draft-mode/disable
 *   (lib/routing/draft-session-revocations.ts).
 * Every site server on the machine that serves this `.next/` shares the file (WAL, busy timeout).
 * Commits are fsynced (synchronous=FULL) before they return: a write done before an answer
 * survives a kill -9 or a power cut a moment after. The folder is 0700 and the file 0600.
 *
 * Plain CommonJS: the cache handler (loaded by Next by path, uncompiled) uses it too.
 */
'use strict'

const fs = require('node:fs')
const path = require('node:path')
const Database = require('better-sqlite3')

const DB_FILE = 'site-state.sqlite'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS revalidated_tags (
  tag TEXT PRIMARY KEY,
  at INTEGER NOT NULL,
  stale INTEGER,
  expired INTEGER,
  -- 1 until Redis (REDIS_URL) holds this time too; 0 without Redis.
  shared_pending INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS revalidated_tags_at ON revalidated_tags(at);
CREATE INDEX IF NOT EXISTS revalidated_tags_pending ON revalidated_tags(shared_pending) WHERE shared_pending = 1;
CREATE TABLE IF NOT EXISTS webhook_deliveries (
  receiver TEXT NOT NULL,
  signature TEXT NOT NULL,
  accepted_at INTEGER NOT NULL,
  PRIMARY KEY (receiver, signature)
);
CREATE INDEX IF NOT EXISTS webhook_deliveries_accepted_at ON webhook_deliveries(accepted_at);
CREATE TABLE IF NOT EXISTS revoked_draft_sessions (
  id TEXT PRIMARY KEY,
  expires_at INTEGER NOT NULL,
  -- 1 until Redis (REDIS_URL) holds this revocation too; 0 without Redis.
  shared_pending INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS revoked_draft_sessions_expires_at ON revoked_draft_sessions(expires_at);
`

/** @type {Map<string, import('better-sqlite3').Database>} */
const open = new Map()

/**
 * Where the state lives: SITE_STATE_DIR when set, else `<distDir>/cache/newsroom` (`distDir`
 * defaults to `.next` in the working directory, where the site's server serves the build from).
 * @param {string} [distDir]
 */
function siteStateDir(distDir) {
  const configured = process.env.SITE_STATE_DIR?.trim()
  if (configured) return path.resolve(configured)
  return path.join(distDir ?? path.join(process.cwd(), '.next'), 'cache', 'newsroom')
}

/**
 * The state database for the build in `distDir` (see `siteStateDir`), opened once per process and
 * folder, created (0700 folder, 0600 file) on first use.
 * @param {string} [distDir]
 * @returns {import('better-sqlite3').Database}
 */
function openSiteStateDb(distDir) {
  const dir = siteStateDir(distDir)
  const known = open.get(dir)
  if (known?.open) return known
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
  fs.chmodSync(dir, 0o700)
  const file = path.join(dir, DB_FILE)
  // Created 0600 before SQLite opens it: its -wal and -shm files get the same mode.
  fs.closeSync(fs.openSync(file, 'a', 0o600))
  fs.chmodSync(file, 0o600)
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.pragma('busy_timeout = 5000')
  db.exec(SCHEMA)
  open.set(dir, db)
  return db
}

/** Closes every state database this module opened (tests; a process that exits needs nothing). */
function closeSiteStateDbs() {
  for (const db of open.values()) if (db.open) db.close()
  open.clear()
}

module.exports = { siteStateDir, openSiteStateDb, closeSiteStateDbs }
