/**
 * Exports the store in Sanity export format: one document per line, image fields written back as
 * `_sanityAsset: "image@file://./images/<sha1>-<w>x<h>.<ext>"` and the image files copied into
 * `images/` next to the ndjson. Asset documents themselves are not exported.
 */

import fs from 'node:fs'
import path from 'node:path'
import type { Writable } from 'node:stream'
import { imageFileNameOfAssetId, imageFilePath } from './assets'
import { isPrivateId } from './ids'
import type { LakeStore } from './store'

export interface ExportOptions {
  includeDrafts?: boolean
  /** Folder that receives `images/`; default: the folder of the target file (or of a file stream). */
  assetsDir?: string
}

export async function exportNdjson(
  store: LakeStore,
  target: string | Writable,
  opts: ExportOptions = {},
): Promise<{ documents: number; images: number }> {
  const out = typeof target === 'string' ? fs.createWriteStream(target) : target
  const streamPath = (out as { path?: unknown }).path
  const assetsDir = opts.assetsDir ?? (typeof streamPath === 'string' ? path.dirname(path.resolve(streamPath)) : undefined)
  const copied = new Set<string>()
  let documents = 0
  const copyImage = (assetId: string): string | null => {
    const fileName = imageFileNameOfAssetId(assetId)
    if (!fileName) return null
    if (assetsDir && !copied.has(fileName)) {
      const source = imageFilePath(store, fileName)
      if (fs.existsSync(source)) {
        fs.mkdirSync(path.join(assetsDir, 'images'), { recursive: true })
        fs.copyFileSync(source, path.join(assetsDir, 'images', fileName))
      }
      copied.add(fileName)
    }
    return fileName
  }
  for (const row of store.database.pagedRows(500)) {
    if (!opts.includeDrafts && isPrivateId(row.id)) continue
    const doc = JSON.parse(row.body) as Record<string, unknown>
    if (doc._type === 'sanity.imageAsset' || doc._type === 'sanity.fileAsset') continue
    const line = `${JSON.stringify(withSanityAssets(doc, copyImage))}\n`
    if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()))
    documents++
  }
  if (typeof target === 'string') await new Promise<void>((resolve, reject) => {
      out.once('error', reject)
      out.end(() => resolve())
    })
  return { documents, images: copied.size }
}

function withSanityAssets(value: unknown, copyImage: (assetId: string) => string | null): unknown {
  if (Array.isArray(value)) return value.map((item) => withSanityAssets(item, copyImage))
  if (typeof value !== 'object' || value === null) return value
  const record = value as Record<string, unknown>
  const ref = (record.asset as { _ref?: unknown } | undefined)?._ref
  const fileName = typeof ref === 'string' ? copyImage(ref) : null
  const out: Record<string, unknown> = {}
  if (fileName) out._sanityAsset = `image@file://./images/${fileName}`
  for (const [key, child] of Object.entries(record)) {
    if (fileName && key === 'asset') continue
    out[key] = withSanityAssets(child, copyImage)
  }
  return out
}
