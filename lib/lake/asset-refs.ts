/**
 * Asset references, the basis of embargo-safe assets: which asset documents a document points
 * at. An asset (`sanity.imageAsset` / `sanity.fileAsset`) is public only while a published
 * document references it; `sqlite.ts` keeps the references of every published document in the
 * `asset_refs` table, written in the same transaction as the document.
 */

/** Document types that are assets, hidden from anonymous readers until referenced. */
export const ASSET_TYPES: ReadonlySet<string> = new Set(['sanity.imageAsset', 'sanity.fileAsset'])

/** Which assets anonymous readers see: only those a published document references (default), or all. */
export type PublicAssetsPolicy = 'referenced' | 'all'

export const DEFAULT_PUBLIC_ASSETS: PublicAssetsPolicy = 'referenced'

export function isAssetType(type: unknown): boolean {
  return typeof type === 'string' && ASSET_TYPES.has(type)
}

/** Sanity's asset ids: `image-<sha1>-<w>x<h>-<ext>`, `file-<sha1>-<ext>`. */
const ASSET_ID = /^(image|file)-[A-Za-z0-9]/

/**
 * The asset ids a document references: every `asset: {_ref}` (how image and file fields store
 * their asset, whatever the asset's id) and every other `_ref` that has the form of an asset id.
 * Walks iteratively, so document depth cannot overflow the stack.
 */
export function assetRefsOf(doc: unknown): string[] {
  const refs = new Set<string>()
  const stack: { value: unknown; key: string }[] = [{ value: doc, key: '' }]
  while (stack.length > 0) {
    const { value, key } = stack.pop() as { value: unknown; key: string }
    if (typeof value !== 'object' || value === null) continue
    if (Array.isArray(value)) {
      for (const item of value) stack.push({ value: item, key: '' })
      continue
    }
    const ref = (value as { _ref?: unknown })._ref
    if (typeof ref === 'string' && ref.length > 0 && (key === 'asset' || ASSET_ID.test(ref))) refs.add(ref)
    for (const [childKey, child] of Object.entries(value)) {
      if (typeof child === 'object' && child !== null) stack.push({ value: child, key: childKey })
    }
  }
  return [...refs]
}
