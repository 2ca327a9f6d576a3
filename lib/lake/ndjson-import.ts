/**
 * Imports a dataset in Sanity export format (one document per line; image fields as
 * `{"_sanityAsset": "image@file://./images/…", …}`). Assets are stored, fields are rewritten to
 * `asset._ref`, and all documents are written in ONE transaction, so a failed import leaves the
 * store as it was.
 */

import fs from 'node:fs'
import path from 'node:path'
import readline from 'node:readline'
import type { Readable } from 'node:stream'
import { prepareImageAsset } from './assets'
import { badRequest } from './errors'
import type { LakeStore } from './store'
import type { LakeDocument } from './types'

export interface ImportProgress {
  step: 'reading' | 'committing' | 'done'
  documents: number
  assets: number
}

export interface ImportOptions {
  /** `file://./` asset paths are relative to this folder; default: the ndjson file's folder. */
  baseDir?: string
  /** create (fail on existing ids, the default), replace (createOrReplace), missing (createIfNotExists). */
  mode?: 'create' | 'replace' | 'missing'
  onProgress?: (progress: ImportProgress) => void
  /** Public URL base for asset `url`s. */
  baseUrl?: () => string
}

const SANITY_ASSET = /^(file|image)@([a-z]+:\/\/.*)$/
const MODE_MUTATION = { create: 'create', replace: 'createOrReplace', missing: 'createIfNotExists' } as const

export async function importNdjson(
  store: LakeStore,
  source: string | Readable,
  opts: ImportOptions = {},
): Promise<{ documents: number; assets: number }> {
  const baseDir = opts.baseDir ?? (typeof source === 'string' ? path.dirname(path.resolve(source)) : process.cwd())
  const input = typeof source === 'string' ? fs.createReadStream(source) : source
  const lines = readline.createInterface({ input, crlfDelay: Infinity })
  const assets = new Map<string, LakeDocument>()
  const fileCache = new Map<string, string>()
  const docs: LakeDocument[] = []
  let lineNo = 0
  for await (const line of lines) {
    lineNo++
    if (line.trim() === '') continue
    let doc: unknown
    try {
      doc = JSON.parse(line)
    } catch (err) {
      throw badRequest(`Line ${lineNo}: invalid JSON (${(err as Error).message})`, 'importError')
    }
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw badRequest(`Line ${lineNo}: not a document`, 'importError')
    const resolve = async (spec: string) => {
      const cached = fileCache.get(spec)
      if (cached) return cached
      const asset = await storeAsset(store, spec, baseDir, lineNo, opts.baseUrl?.())
      assets.set(asset._id, asset)
      fileCache.set(spec, asset._id)
      return asset._id
    }
    docs.push((await replaceSanityAssets(doc, resolve)) as LakeDocument)
    if (docs.length % 1000 === 0) opts.onProgress?.({ step: 'reading', documents: docs.length, assets: assets.size })
  }
  opts.onProgress?.({ step: 'committing', documents: docs.length, assets: assets.size })
  const op = MODE_MUTATION[opts.mode ?? 'create']
  const mutations = [
    ...[...assets.values()].map((asset) => ({ createIfNotExists: asset })),
    ...docs.map((doc) => ({ [op]: doc })),
  ]
  if (mutations.length > 0) await store.mutate(mutations, { returnDocuments: false, identity: 'lake-import' })
  opts.onProgress?.({ step: 'done', documents: docs.length, assets: assets.size })
  return { documents: docs.length, assets: assets.size }
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
  if (Array.isArray(value)) return Promise.all(value.map((item) => replaceSanityAssets(item, resolve)))
  if (typeof value !== 'object' || value === null) return value
  const record = value as Record<string, unknown>
  const out: Record<string, unknown> = {}
  for (const [key, child] of Object.entries(record)) {
    if (key === '_sanityAsset') continue
    out[key] = await replaceSanityAssets(child, resolve)
  }
  if (typeof record._sanityAsset === 'string') {
    out.asset = { _type: 'reference', _ref: await resolve(record._sanityAsset) }
  }
  return out
}
