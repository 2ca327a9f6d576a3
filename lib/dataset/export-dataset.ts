import type { SanityClient } from '@sanity/client'
import fs from 'node:fs'
import path from 'node:path'
import { exportNdjson, openLakeStore } from '../lake'
import { readSettings } from '../sanity/settings'
import { displayPath, hasLakeDatabase, NoLakeError, resolveContentTarget } from './content-target'
import { NdjsonWriter } from './ndjson'
import { ProgressReporter } from './progress'

export const DEFAULT_EXPORT_FILE = 'export/data.ndjson'

const PAGE_SIZE = 1000
const ASSET_ID = /^(image|file)-([a-f0-9]+)-(?:(\d+x\d+)-)?([a-z0-9]+)$/

/**
 * Rewrites `asset` references of a real project's documents to `_sanityAsset` URLs on Sanity's CDN
 * (which `sanity dataset import` downloads), as `sanity dataset export` does with local files.
 */
export function withCdnSanityAssets(value: unknown, projectId: string, dataset: string): unknown {
  if (Array.isArray(value)) return value.map((item) => withCdnSanityAssets(item, projectId, dataset))
  if (!value || typeof value !== 'object') return value
  const record = value as Record<string, unknown>
  const ref = (record.asset as { _ref?: unknown } | undefined)?._ref
  const match = typeof ref === 'string' ? ASSET_ID.exec(ref) : null
  const out: Record<string, unknown> = {}
  if (match) {
    const [, kind, sha1, size, ext] = match
    out._sanityAsset =
      kind === 'image'
        ? `image@https://cdn.sanity.io/images/${projectId}/${dataset}/${sha1}-${size}.${ext}`
        : `file@https://cdn.sanity.io/files/${projectId}/${dataset}/${sha1}.${ext}`
  }
  for (const [key, child] of Object.entries(record)) {
    if (match && key === 'asset') continue
    out[key] = withCdnSanityAssets(child, projectId, dataset)
  }
  return out
}

/** Pages through every document of a project by `_id` (drafts included, asset documents left out). */
export async function exportThroughClient(client: SanityClient, writer: NdjsonWriter, progress?: ProgressReporter): Promise<number> {
  const { projectId = '', dataset = '' } = client.config()
  let last = ''
  for (;;) {
    const page = await client.fetch<Array<Record<string, unknown>>>(
      `*[_id > $last && !(_type in ["sanity.imageAsset", "sanity.fileAsset"])] | order(_id) [0...${PAGE_SIZE}]`,
      { last },
      { perspective: 'raw' },
    )
    for (const document of page) await writer.write(withCdnSanityAssets(document, projectId, dataset))
    progress?.tick(writer.count)
    if (page.length < PAGE_SIZE) return writer.count
    last = page[page.length - 1]._id as string
  }
}

/**
 * `content export [file]`: the lake (read in-process; safe next to a running server) or, with
 * SANITY_PROJECT_ID, a real project, as Sanity NDJSON. Default file: export/data.ndjson, with the
 * lake's images copied to export/images/; `-` writes to stdout (images are then not copied).
 */
export async function runExport(file: string | undefined): Promise<void> {
  const toStdout = file === '-'
  const settings = readSettings()
  const target = await resolveContentTarget(settings)
  const outFile = toStdout ? undefined : path.resolve(file ?? DEFAULT_EXPORT_FILE)
  if (outFile) fs.mkdirSync(path.dirname(outFile), { recursive: true })
  const progress = new ProgressReporter('exported documents')
  let documents: number
  let source = target.description
  if (target.kind === 'sanity') {
    const writer = new NdjsonWriter(outFile ?? process.stdout)
    documents = await exportThroughClient(target.client, writer, progress)
    await writer.close()
  } else {
    const dataDir = target.kind === 'lake-store' ? target.dataDir : settings.lake.dataDir
    if (!hasLakeDatabase(dataDir)) throw new NoLakeError(settings)
    source = `lake store in ${displayPath(dataDir)}`
    const store = openLakeStore(dataDir)
    try {
      const result = await exportNdjson(store, outFile ?? process.stdout, { includeDrafts: true })
      documents = result.documents
      if (toStdout && result.images > 0) console.error(`note: ${result.images} image files were not copied (stdout export)`)
    } finally {
      await store.close()
    }
  }
  console.error(`exported ${documents} documents from ${source}${outFile ? ` to ${displayPath(outFile)}` : ''}`)
}
