/**
 * Imports a dataset in Sanity export format (one document per line; image fields as
 * `{"_sanityAsset": "image@file://…", …}`), streaming: the file is read line by line, assets are
 * stored as they are met (fields rewritten to `asset._ref`), and documents are written in batches,
 * each batch one Sanity transaction (one SQLite transaction: history, listeners and webhooks as for
 * any mutation). Memory holds one batch, never the file.
 *
 * Batch semantics: a batch is all or nothing; batches before a failing one stay written. The
 * error names the failing lines and how many documents were written, so the import can be
 * completed with `mode: 'missing'`. (`content import` checks the whole file, references and ids
 * before its first write, so only a file changed meanwhile, a full disk or a concurrent writer
 * can fail a batch.)
 */

import fs from 'node:fs'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { prepareImageAsset } from './assets'
import { readStreamLines } from './ndjson-lines'
import { badRequest, isLakeError, LakeError } from './errors'
import { linesAhead, parseDocumentLine, type AheadLine } from './import-ahead'
import type { IndexRowsAhead } from './index-rows-ahead'
import type { LakeStore } from './store'
import type { LakeDocument } from './types'

export interface ImportProgress {
  step: 'reading' | 'committing' | 'done'
  documents: number
  assets: number
  /** Bytes of the file read so far (when reading a file). */
  bytes?: number
}

export interface ImportOptions {
  /** `file://./` asset paths are relative to this folder; default: the ndjson file's folder. */
  baseDir?: string
  /** create (fail on existing ids, the default), replace (createOrReplace), missing (createIfNotExists). */
  mode?: 'create' | 'replace' | 'missing'
  /** Documents per transaction; default 500. */
  batchSize?: number
  onProgress?: (progress: ImportProgress) => void
  /** Public URL base for asset `url`s. */
  baseUrl?: () => string
  /**
   * Read, parse and index the file on a worker thread while this one writes (`import-ahead.ts`).
   * Default: for files of `WORKER_MIN_BYTES` or more (smaller ones do not pay for the thread).
   */
  worker?: boolean
}

export interface ImportResult {
  documents: number
  assets: number
  batches: number
}

const SANITY_ASSET = /^(file|image)@([a-z]+:\/\/.*)$/
const MODE_MUTATION = { create: 'create', replace: 'createOrReplace', missing: 'createIfNotExists' } as const
export const DEFAULT_IMPORT_BATCH = 500
const WORKER_MIN_BYTES = 4 * 2 ** 20

export async function importNdjson(store: LakeStore, source: string | Readable, opts: ImportOptions = {}): Promise<ImportResult> {
  const baseDir = opts.baseDir ?? (typeof source === 'string' ? path.dirname(path.resolve(source)) : process.cwd())
  const op = MODE_MUTATION[opts.mode ?? 'create']
  const batchSize = Math.max(1, opts.batchSize ?? DEFAULT_IMPORT_BATCH)
  const storedAssets = new Map<string, string>()
  let pendingAssets: LakeDocument[] = []
  let batch: { line: number; doc: LakeDocument }[] = []
  let ahead = new Map<string, IndexRowsAhead>()
  let batchIds = new Set<string>()
  const result: ImportResult = { documents: 0, assets: 0, batches: 0 }
  let bytesRead = 0
  const bytes = () => bytesRead

  const commit = async () => {
    if (batch.length === 0 && pendingAssets.length === 0) return
    const mutations = [...pendingAssets.map((asset) => ({ createIfNotExists: asset })), ...batch.map(({ doc }) => ({ [op]: doc }))]
    try {
      await store.mutate(mutations, { returnDocuments: false, identity: 'lake-import', indexRowsAhead: ahead })
    } catch (err) {
      const lines = batch.length > 0 ? `lines ${batch[0].line}–${batch[batch.length - 1].line}` : 'its assets'
      const reason = err instanceof Error ? err.message : String(err)
      const written = result.documents > 0 ? `${progressNote(result)}; import again with --missing to add the rest` : 'nothing was written'
      // The failing batch's own status (409 for an id already taken, 400 for a bad document).
      const description = `Import stopped at ${lines}: ${reason}. ${written}.`
      throw new LakeError(isLakeError(err) ? err.statusCode : 500, description, { error: { type: 'importError', description } })
    }
    result.documents += batch.length
    result.assets += pendingAssets.length
    result.batches++
    batch = []
    ahead = new Map()
    batchIds = new Set()
    pendingAssets = []
    opts.onProgress?.({ step: 'committing', documents: result.documents, assets: result.assets, bytes: bytes() })
  }

  for await (const { line: lineNo, text: line, bytes: consumed, problem, ahead: rows } of linesOf(source, batchSize, store, opts.worker)) {
    bytesRead = consumed
    if (line.trim() === '') continue
    const parsed = problem === undefined ? parseDocumentLine(line) : { problem }
    if ('problem' in parsed) throw badRequest(`Line ${lineNo}: ${parsed.problem}; ${progressNote(result)}`, 'importError')
    const doc = parsed.doc
    const resolve = async (spec: string) => {
      const known = storedAssets.get(spec)
      if (known) return known
      const asset = await storeAsset(store, spec, baseDir, lineNo, opts.baseUrl?.())
      storedAssets.set(spec, asset._id)
      pendingAssets.push(asset)
      return asset._id
    }
    // Most documents carry no file: they go in as parsed.
    const withAssets = line.includes('"_sanityAsset"') ? await replaceSanityAssets(doc, resolve) : doc
    batch.push({ line: lineNo, doc: withAssets as LakeDocument })
    const id = (withAssets as LakeDocument)._id
    // Rows computed ahead are for the one document of its id in the batch.
    if (batchIds.has(id)) ahead.delete(id)
    else if (rows) ahead.set(id, rows)
    batchIds.add(id)
    if (batch.length >= batchSize) await commit()
  }
  await commit()
  opts.onProgress?.({ step: 'done', documents: result.documents, assets: result.assets, bytes: bytes() })
  return result
}

/** The source's lines: from a worker thread (with their index rows) for a large enough file, else read here. */
async function* linesOf(source: string | Readable, batchSize: number, store: LakeStore, worker?: boolean): AsyncGenerator<AheadLine> {
  if (typeof source === 'string' && (worker ?? fs.statSync(source).size >= WORKER_MIN_BYTES)) {
    yield* linesAhead(source, batchSize, () => store.database.search.keyCodes())
    return
  }
  const input = typeof source === 'string' ? fs.createReadStream(source) : source
  for await (const { number, text, bytes } of readStreamLines(input)) yield { line: number, text, bytes }
}

function progressNote(result: ImportResult): string {
  return result.documents > 0 ? `${result.documents} documents before it were written (${result.batches} batch${result.batches === 1 ? '' : 'es'})` : 'nothing was written'
}

async function storeAsset(store: LakeStore, spec: string, baseDir: string, lineNo: number, baseUrl?: string): Promise<LakeDocument> {
  const match = SANITY_ASSET.exec(spec)
  if (!match) throw badRequest(`Line ${lineNo}: malformed _sanityAsset "${spec}"`, 'importError')
  if (match[1] !== 'image') throw badRequest(`Line ${lineNo}: only image assets are supported ("${spec}")`, 'importError')
  const location = match[2]
  if (!location.startsWith('file://')) throw badRequest(`Line ${lineNo}: only file:// assets can be imported offline ("${spec}")`, 'importError')
  const relative = decodeURIComponent(location.slice('file://'.length))
  const file = path.resolve(baseDir, relative)
  if (!fs.existsSync(file)) throw badRequest(`Line ${lineNo}: asset file not found: ${file}`, 'importError')
  return prepareImageAsset(store, fs.readFileSync(file), { filename: path.basename(file), baseUrl })
}

/** Rewrites every `{_sanityAsset, ...rest}` object into `{...rest, asset: {_type: 'reference', _ref}}`. */
async function replaceSanityAssets(value: unknown, resolve: (spec: string) => Promise<string>): Promise<unknown> {
  if (Array.isArray(value)) {
    const out: unknown[] = []
    for (const item of value) out.push(await replaceSanityAssets(item, resolve))
    return out
  }
  if (typeof value !== 'object' || value === null) return value
  const record = value as Record<string, unknown>
  const out: Record<string, unknown> = {}
  for (const [key, child] of Object.entries(record)) {
    if (key === '_sanityAsset') continue
    out[key] = typeof child === 'object' && child !== null ? await replaceSanityAssets(child, resolve) : child
  }
  if (typeof record._sanityAsset === 'string') {
    out.asset = { _type: 'reference', _ref: await resolve(record._sanityAsset) }
  }
  return out
}
