import type { SanityClient } from '@sanity/client'
import fs from 'node:fs'
import path from 'node:path'
import { parseNdjsonLine, readNdjsonLines } from './ndjson'
import { resolveSanityAsset } from './sanity-assets'

export type ImportMode = 'create' | 'replace' | 'missing'

const BATCH_SIZE = 200

/**
 * Imports an NDJSON file through the Sanity HTTP API (a running lake server or a real project):
 * `_sanityAsset` files are uploaded once each and the fields rewritten to `asset._ref`; documents go
 * in transactions of 200 (`create`, `createOrReplace` or `createIfNotExists`). As in the lake's own
 * import, each transaction is all or nothing and a failure stops the import there, named by line.
 */
export async function importThroughClient(
  client: SanityClient,
  file: string,
  mode: ImportMode,
  onProgress?: (documents: number, bytes: number) => void,
): Promise<{ documents: number; assets: number }> {
  const baseDir = path.dirname(path.resolve(file))
  const uploaded = new Map<string, Promise<string>>()
  const upload = (spec: string): Promise<string> => {
    let pending = uploaded.get(spec)
    if (!pending) {
      const { kind, location } = resolveSanityAsset(spec, baseDir)
      if ('url' in location) throw new Error(`Cannot import remote asset ${location.url} offline`)
      pending = client.assets
        .upload(kind, fs.createReadStream(location.file), { filename: path.basename(location.file) })
        .then((asset) => asset._id)
      uploaded.set(spec, pending)
    }
    return pending
  }
  const withAssets = async (value: unknown): Promise<unknown> => {
    if (Array.isArray(value)) return Promise.all(value.map(withAssets))
    if (!value || typeof value !== 'object') return value
    const { _sanityAsset: spec, ...rest } = value as Record<string, unknown>
    const out: Record<string, unknown> = {}
    for (const [key, child] of Object.entries(rest)) out[key] = await withAssets(child)
    if (typeof spec === 'string') out.asset = { _type: 'reference', _ref: await upload(spec) }
    return out
  }

  let documents = 0
  let batch: Array<{ line: number; document: Record<string, unknown> }> = []
  const commit = async () => {
    if (batch.length === 0) return
    const transaction = client.transaction()
    for (const { document } of batch) {
      const doc = document as { _id: string; _type: string }
      if (mode === 'replace') transaction.createOrReplace(doc)
      else if (mode === 'missing') transaction.createIfNotExists(doc)
      else transaction.create(doc)
    }
    try {
      await transaction.commit({ returnDocuments: false })
    } catch (error) {
      const written = documents > 0 ? `${documents} documents before them were written; import again with --missing to add the rest` : 'nothing was written'
      throw new Error(`Import stopped at lines ${batch[0].line}–${batch[batch.length - 1].line}: ${(error as Error).message}. ${written}.`)
    }
    documents += batch.length
    onProgress?.(documents, bytes)
    batch = []
  }
  let bytes = 0
  for await (const line of readNdjsonLines(file, (read) => (bytes = read))) {
    const parsed = parseNdjsonLine(line)
    if (!parsed.ok) throw new Error(`line ${parsed.lineNumber}: ${parsed.error}`)
    batch.push({ line: parsed.lineNumber, document: (await withAssets(parsed.value)) as Record<string, unknown> })
    if (batch.length >= BATCH_SIZE) await commit()
  }
  await commit()
  return { documents, assets: uploaded.size }
}
