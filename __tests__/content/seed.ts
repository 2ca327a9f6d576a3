import fs from 'node:fs'
import path from 'node:path'

/** The seed dataset (content/data.ndjson), one document per line. */
export function readSeed(): Record<string, unknown>[] {
  const file = path.resolve(__dirname, '../../content/data.ndjson')
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Record<string, unknown>)
}

export function seedDoc<T = Record<string, any>>(id: string): T {
  const doc = readSeed().find((d) => d._id === id)
  if (!doc) throw new Error(`seed has no ${id}`)
  return structuredClone(doc) as T
}

export const LEAD_ARTICLE_ID = 'article-erdogan-putin-moscow-talks'
export const LEAD_SLUG = 'turkey-erdogan-putin-to-meet-in-moscow-this-week-for-syria-talks'
