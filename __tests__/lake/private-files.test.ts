/**
 * The lake's data folder is private (issue 18, row 6): the folder and the folders in it 0700, the
 * database with its -wal/-shm and every stored image 0600 — even under a umask that would let
 * every local user read them — and a folder an older lake left readable is tightened on start.
 */
import fs from 'node:fs'
import path from 'node:path'
import sharp from 'sharp'
import { startLakeServer } from '../../lib/lake'
import { makeTempDir, removeDir, TOKEN } from './helpers'

jest.setTimeout(30_000)

const mode = (file: string) => fs.statSync(file).mode & 0o777
let savedUmask: number
const dirs: string[] = []
beforeAll(() => {
  // The most permissive umask: whatever is private must be private by its own mode.
  savedUmask = process.umask(0)
})
afterAll(() => {
  process.umask(savedUmask)
  for (const dir of dirs) removeDir(dir)
})

function everything(dir: string): { dirs: string[]; files: string[] } {
  const found = { dirs: [dir], files: [] as string[] }
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const at = path.join(dir, entry.name)
    if (entry.isDirectory()) {
      const inner = everything(at)
      found.dirs.push(...inner.dirs)
      found.files.push(...inner.files)
    } else found.files.push(at)
  }
  return found
}

it('creates the data folder 0700 and the database, its -wal/-shm and uploaded images 0600', async () => {
  const parent = makeTempDir()
  dirs.push(parent)
  const dataDir = path.join(parent, 'lake-data')
  const lake = await startLakeServer({ dataDir, port: 0, token: TOKEN, log: () => undefined })
  try {
    await lake.store.mutate([{ create: { _id: 'drafts.secret', _type: 'article', headline: 'embargoed' } }])
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#c00' } }).png().toBuffer()
    const upload = await fetch(`${lake.url}/v2025-02-19/assets/images/production`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: new Uint8Array(png) })
    expect(upload.status).toBe(200)
    const found = everything(dataDir)
    const names = found.files.map((file) => path.relative(dataDir, file))
    expect(names).toEqual(expect.arrayContaining(['lake.sqlite', 'lake.sqlite-wal', 'lake.sqlite-shm']))
    expect(names.some((name) => name.startsWith('assets/images/') && name.endsWith('.png'))).toBe(true)
    for (const dir of found.dirs) expect({ dir, mode: mode(dir).toString(8) }).toEqual({ dir, mode: '700' })
    for (const file of found.files) expect({ file, mode: mode(file).toString(8) }).toEqual({ file, mode: '600' })
  } finally {
    await lake.close()
  }
})

it('tightens a data folder an older lake left readable', async () => {
  const dataDir = makeTempDir()
  dirs.push(dataDir)
  fs.mkdirSync(path.join(dataDir, 'images', 'p', 'd'), { recursive: true, mode: 0o755 })
  fs.writeFileSync(path.join(dataDir, 'images', 'p', 'd', 'old.png'), 'x', { mode: 0o644 })
  fs.writeFileSync(path.join(dataDir, 'token'), 'x'.repeat(40), { mode: 0o644 })
  fs.chmodSync(dataDir, 0o755)
  const lake = await startLakeServer({ dataDir, port: 0, token: TOKEN, log: () => undefined })
  try {
    const found = everything(dataDir)
    for (const dir of found.dirs) expect({ dir, mode: mode(dir).toString(8) }).toEqual({ dir, mode: '700' })
    for (const file of found.files) expect({ file, mode: mode(file).toString(8) }).toEqual({ file, mode: '600' })
  } finally {
    await lake.close()
  }
})
