import fs from 'node:fs'
import path from 'node:path'

/** Bytes of the page and fetch cache's entries under a build's `.next` (pages, routes, fetches; not code). */
export function cacheEntryBytes(nextDir: string): number {
  let total = 0
  // A running server evicts entries while this walks: what is gone by the time it is read counts 0.
  const walk = (dir: string, inEntry: boolean) => {
    let items: fs.Dirent[]
    try {
      items = fs.readdirSync(dir, { withFileTypes: true })
    } catch {
      return
    }
    for (const item of items) {
      const full = path.join(dir, item.name)
      if (item.isDirectory()) walk(full, inEntry || item.name.endsWith('.segments'))
      else if (inEntry || /\.(html|rsc|meta|body)$/.test(item.name)) total += fs.statSync(full, { throwIfNoEntry: false })?.size ?? 0
    }
  }
  walk(path.join(nextDir, 'server', 'app'), false)
  walk(path.join(nextDir, 'server', 'route-cache'), false)
  walk(path.join(nextDir, 'cache', 'fetch-cache'), true)
  return total
}
