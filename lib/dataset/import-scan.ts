/**
 * The checking pass of `content import`: one streaming read of the NDJSON file that checks every
 * line and keeps only what the whole file must agree on (ids with their lines, slugs, the ids
 * references point at), never the documents. Per document: valid JSON object, a valid `_id`
 * (Content Lake rules), a `_type`, the site's zod model of that type (the models the Studio schema
 * is tested to agree with, `__tests__/content/rules-agree.test.ts`), `_key`s on array objects,
 * `_sanityAsset` values that name a file that exists. Across the file: duplicate ids, slugs used
 * twice within a type. References are collected and resolved afterwards against the file and
 * the target (`import-dataset.ts`). Problems are counted by kind (`problem-summary.ts`).
 */

import { stat } from 'node:fs/promises'
import path from 'node:path'
import { documentModels } from '../content/documents'
import { invalidIdReason } from '../lake/ids'
import { checkDocumentModel } from './document-checks'
import { publishedIdOf } from './dataset-index'
import { readNdjsonLines, parseNdjsonLine } from './ndjson'
import { ProblemSummary } from './problem-summary'
import { resolveSanityAsset, SANITY_ASSET_PATTERN } from './sanity-assets'

/** Types that come with Sanity itself and have no model of the site's. */
const SYSTEM_TYPE = /^(sanity\.|system\.)/
const ASSET_ID = /^(image|file)-/

/** Where a referenced id is referenced from (counts, and the first few documents). */
export interface ReferenceUses {
  strong: number
  weak: number
  examples: { id: string; line: number }[]
}

export interface ScanResult {
  lines: number
  bytes: number
  documents: number
  countsByType: Map<string, number>
  /** Every document id of the file, with its line. */
  ids: Map<string, number>
  /** Every id a reference (`_ref`) of the file points at. */
  references: Map<string, ReferenceUses>
  problems: ProblemSummary
}

export interface ScanOptions {
  /** Called with the bytes read so far (for progress). */
  onProgress?: (bytes: number, documents: number) => void
}

export async function scanImportFile(file: string, opts: ScanOptions = {}): Promise<ScanResult> {
  const baseDir = path.dirname(path.resolve(file))
  const result: ScanResult = { lines: 0, bytes: 0, documents: 0, countsByType: new Map(), ids: new Map(), references: new Map(), problems: new ProblemSummary() }
  const slugs = new Map<string, string>()
  const assetFiles = new Map<string, Promise<string | null>>()
  const { problems } = result
  for await (const line of readNdjsonLines(file, (bytes) => (result.bytes = bytes))) {
    result.lines = line.lineNumber
    const parsed = parseNdjsonLine(line)
    if (!parsed.ok) {
      problems.add('error', `line is not a document: ${parsed.error.replace(/\(.*$/, '').trim()}`, { line: line.lineNumber, detail: parsed.error })
      continue
    }
    const doc = parsed.value
    const at = { line: line.lineNumber, id: typeof doc._id === 'string' ? doc._id : undefined }
    const idProblem = invalidIdReason(doc._id)
    if (idProblem) {
      problems.add('error', 'invalid _id', { ...at, detail: idProblem })
      continue
    }
    const id = doc._id as string
    if (typeof doc._type !== 'string' || doc._type === '') {
      problems.add('error', 'document without a _type', at)
      continue
    }
    const type = doc._type
    const earlier = result.ids.get(id)
    if (earlier !== undefined) {
      problems.add('error', 'duplicate _id', { ...at, detail: `also on line ${earlier}` })
      continue
    }
    result.ids.set(id, line.lineNumber)
    result.documents++
    result.countsByType.set(type, (result.countsByType.get(type) ?? 0) + 1)
    if (!Object.hasOwn(documentModels, type) && !SYSTEM_TYPE.test(type)) problems.add('error', `unknown document type "${type}"`, at)
    for (const issue of checkDocumentModel(doc)) {
      problems.add('error', `${type} ${issue.path.replace(/\[\d+\]/g, '[]')}: ${issue.message}`, { ...at, detail: issue.path })
    }
    const slug = (doc.slug as { current?: unknown } | undefined)?.current
    if (typeof slug === 'string' && slug !== '') {
      const owner = publishedIdOf(id)
      const user = slugs.get(`${type}\u0000${slug}`)
      if (user === undefined) slugs.set(`${type}\u0000${slug}`, owner)
      else if (user !== owner) problems.add('error', `${type} slug used by another ${type} of the file`, { ...at, detail: `"${slug}" is also ${user}'s` })
    }
    for (const spec of walkDocument(doc, id, line.lineNumber, result)) {
      let missing = assetFiles.get(spec)
      if (!missing) assetFiles.set(spec, (missing = assetFileProblem(spec, baseDir)))
      const problem = await missing
      if (problem) problems.add('error', 'unusable _sanityAsset', { ...at, detail: problem })
    }
    opts.onProgress?.(result.bytes, result.documents)
  }
  return result
}

/**
 * One walk over a document: `_key`s of array objects, references collected into `result`, and
 * the `_sanityAsset` values returned.
 */
function walkDocument(doc: Record<string, unknown>, id: string, line: number, result: ScanResult): string[] {
  const assets: string[] = []
  const stack: { value: unknown; path: string }[] = [{ value: doc, path: '' }]
  while (stack.length > 0) {
    const { value, path: at } = stack.pop()!
    if (Array.isArray(value)) {
      const seen = new Set<string>()
      value.forEach((item, index) => {
        if (item && typeof item === 'object' && !Array.isArray(item)) {
          const key = (item as { _key?: unknown })._key
          if (typeof key !== 'string' || key === '') result.problems.add('error', 'array item without a _key', { id, line, detail: `${at}[${index}]` })
          else if (seen.has(key)) result.problems.add('error', 'duplicate _key in an array', { id, line, detail: `${at}[${index}] "${key}"` })
          else seen.add(key)
        }
        stack.push({ value: item, path: `${at}[${index}]` })
      })
      continue
    }
    if (!value || typeof value !== 'object') continue
    const record = value as Record<string, unknown>
    if (typeof record._ref === 'string' && at !== '') {
      let uses = result.references.get(record._ref)
      if (!uses) result.references.set(record._ref, (uses = { strong: 0, weak: 0, examples: [] }))
      if (record._weak === true) uses.weak++
      else uses.strong++
      if (uses.examples.length < 3) uses.examples.push({ id, line })
    }
    if ('_sanityAsset' in record) assets.push(typeof record._sanityAsset === 'string' ? record._sanityAsset : '')
    for (const [key, child] of Object.entries(record)) {
      if (child && typeof child === 'object') stack.push({ value: child, path: at === '' ? key : `${at}.${key}` })
    }
  }
  return assets
}

/** Why a `_sanityAsset` cannot be imported offline, or null. */
async function assetFileProblem(spec: string, baseDir: string): Promise<string | null> {
  if (!SANITY_ASSET_PATTERN.test(spec)) return `"${spec}" is not like image@file://./images/a.png`
  const { location } = resolveSanityAsset(spec, baseDir)
  if ('url' in location) return `remote asset ${location.url} cannot be imported offline`
  const info = await stat(location.file).catch(() => null)
  return info?.isFile() ? null : `asset file not found: ${path.relative(process.cwd(), location.file) || location.file}`
}

/** Whether an id is an asset's (a reference to it may be satisfied by uploading the file). */
export function isAssetId(id: string): boolean {
  return ASSET_ID.test(id)
}
