import { createHash } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import sharp from 'sharp'

/** `_sanityAsset` values as `sanity dataset import` accepts them. */
export const SANITY_ASSET_PATTERN = /^(file|image)@([a-z]+:\/\/.*)$/

/** A `_sanityAsset` field found in a document. */
export interface SanityAssetField {
  /** Path of the object holding `_sanityAsset`, as Sanity path segments. */
  path: Array<string | number>
  value: unknown
}

/** Every object in `value` that carries `_sanityAsset`. */
export function findSanityAssets(value: unknown, path: Array<string | number> = []): SanityAssetField[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => findSanityAssets(item, [...path, index]))
  if (!value || typeof value !== 'object') return []
  const record = value as Record<string, unknown>
  const found: SanityAssetField[] = '_sanityAsset' in record ? [{ path, value: record._sanityAsset }] : []
  for (const [key, child] of Object.entries(record)) {
    if (key !== '_sanityAsset') found.push(...findSanityAssets(child, [...path, key]))
  }
  return found
}

/** Where a `_sanityAsset` points: a local file (relative to the NDJSON file's folder) or a URL. */
export function resolveSanityAsset(
  value: string,
  baseDir: string,
): { kind: 'image' | 'file'; location: { file: string } | { url: string } } {
  const match = SANITY_ASSET_PATTERN.exec(value)
  if (!match) throw new Error(`"${value}" does not match ${SANITY_ASSET_PATTERN} (e.g. image@file://./images/a.png)`)
  const kind = match[1] as 'image' | 'file'
  const url = match[2]
  if (!url.startsWith('file://')) return { kind, location: { url } }
  const rest = url.slice('file://'.length)
  const file = rest.startsWith('/') ? fileURLToPath(url) : path.resolve(baseDir, decodeURIComponent(rest))
  return { kind, location: { file } }
}

/** The asset id Sanity gives uploaded bytes: `image-<sha1>-<w>x<h>-<ext>` or `file-<sha1>-<ext>`. */
export async function assetIdForFile(kind: 'image' | 'file', file: string): Promise<string> {
  const bytes = await readFile(file)
  const sha1 = createHash('sha1').update(bytes).digest('hex')
  const ext = path.extname(file).slice(1).toLowerCase() || 'bin'
  if (kind === 'file') return `file-${sha1}-${ext}`
  const { width, height, format } = await sharp(bytes).metadata()
  if (!width || !height) throw new Error(`${file} is not an image sharp can read`)
  return `image-${sha1}-${width}x${height}-${format === 'jpeg' ? 'jpg' : (format ?? ext)}`
}

/**
 * Resolves the `_sanityAsset` fields of documents to the asset references an import produces,
 * checking each local file once.
 */
export class SanityAssetResolver {
  private readonly cache = new Map<string, Promise<string>>()

  constructor(readonly baseDir: string) {}

  /** Asset id for a `_sanityAsset` value; rejects with a readable message when the file is missing. */
  assetId(value: string): Promise<string> {
    let pending = this.cache.get(value)
    if (!pending) {
      pending = this.computeAssetId(value)
      this.cache.set(value, pending)
    }
    return pending
  }

  private async computeAssetId(value: string): Promise<string> {
    const { kind, location } = resolveSanityAsset(value, this.baseDir)
    if ('url' in location) return `${kind}-remote-${createHash('sha1').update(location.url).digest('hex')}`
    const info = await stat(location.file).catch(() => null)
    if (!info?.isFile()) throw new Error(`asset file not found: ${path.relative(process.cwd(), location.file) || location.file}`)
    return assetIdForFile(kind, location.file)
  }

  /**
   * A copy of `document` with every `_sanityAsset` replaced by `asset: {_type: "reference", _ref}`
   * (what the document looks like once imported), plus the problems found.
   */
  async withAssetReferences(
    document: Record<string, unknown>,
  ): Promise<{ document: Record<string, unknown>; problems: Array<{ path: Array<string | number>; message: string }> }> {
    const problems: Array<{ path: Array<string | number>; message: string }> = []
    const replace = async (value: unknown, path: Array<string | number>): Promise<unknown> => {
      if (Array.isArray(value)) return Promise.all(value.map((item, index) => replace(item, [...path, index])))
      if (!value || typeof value !== 'object') return value
      const { _sanityAsset: assetValue, ...rest } = value as Record<string, unknown>
      const out: Record<string, unknown> = {}
      for (const [key, child] of Object.entries(rest)) out[key] = await replace(child, [...path, key])
      if (assetValue === undefined) return out
      if (typeof assetValue !== 'string') {
        problems.push({ path: [...path, '_sanityAsset'], message: '_sanityAsset must be a string' })
        return out
      }
      try {
        out.asset = { _type: 'reference', _ref: await this.assetId(assetValue) }
      } catch (error) {
        problems.push({ path: [...path, '_sanityAsset'], message: (error as Error).message })
      }
      return out
    }
    return { document: (await replace(document, [])) as Record<string, unknown>, problems }
  }
}
